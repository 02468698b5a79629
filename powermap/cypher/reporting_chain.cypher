// powermap: who reports to whom: the formal line above one person, nearest boss first.
// Reference: AccountMap.managers / powermap.backends.reference.reporting_chain.
// Optional (Backend.native): for Neo4j Browser and the Python API; no powermap command runs it.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
//   $person   the stakeholder id, e.g. 'li_na'
// Returns: manager, name, level (1 = the direct boss)
MATCH p = (:Stakeholder {account: $account, id: $person})-[:REPORTS_TO*1..]->(boss:Stakeholder)
RETURN boss.id AS manager, boss.name AS name, length(p) AS level
ORDER BY level
