// powermap: every node of one account with its properties (the first half of a pull).
// `seq` is the record's place in its table: order by label and seq to get the file back.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
// Returns: label, id, properties
MATCH (n:Account {account: $account}) RETURN 'Account' AS label, n.id AS id, properties(n) AS properties
UNION ALL
MATCH (n:TeamMember {account: $account}) RETURN 'TeamMember' AS label, n.id AS id, properties(n) AS properties
UNION ALL
MATCH (n:Department {account: $account}) RETURN 'Department' AS label, n.id AS id, properties(n) AS properties
UNION ALL
MATCH (n:Faction {account: $account}) RETURN 'Faction' AS label, n.id AS id, properties(n) AS properties
UNION ALL
MATCH (n:Stakeholder {account: $account}) RETURN 'Stakeholder' AS label, n.id AS id, properties(n) AS properties
