// powermap: departments with active people of whom nobody on our team reaches anyone.
// Reached = at least one KNOWS contact at level 1 (stranger) or closer; outermost (0) means we
// know of them, not that we reach them. People who left do not count; sub-departments are
// separate departments. Reference: powermap.backends.reference.unreached_departments.
// Optional (Backend.native): for Neo4j Browser and the Python API; no powermap command runs it.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
// Returns: department, name, people (their ids in file order)
MATCH (d:Department {account: $account})<-[:MEMBER_OF]-(s:Stakeholder)
WHERE s.status <> 'left'
OPTIONAL MATCH (:TeamMember)-[k:KNOWS]->(s)
WITH d, s, max(k.level) AS closest
ORDER BY s.seq
WITH d, collect(s.id) AS people, sum(CASE WHEN closest >= 1 THEN 1 ELSE 0 END) AS reached
WHERE reached = 0
RETURN d.id AS department, d.name AS name, people
ORDER BY d.seq
