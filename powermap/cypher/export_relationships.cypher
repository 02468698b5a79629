// powermap: every relationship of one account, by the ids of its ends (the second half of a
// pull). Only powermap's own types; relationships without the account property are not ours.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
// Returns: type, source, target, properties
MATCH (a:Stakeholder {account: $account})-[r]->(b)
WHERE r.account = $account
  AND type(r) IN ['REPORTS_TO', 'MEMBER_OF', 'IN_FACTION', 'LEADS', 'INFLUENCES', 'ADVISES', 'ALLY_OF', 'RIVAL_OF', 'FRIEND_OF', 'KIN_OF', 'ALUMNI_OF']
RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS properties
UNION ALL
MATCH (a:TeamMember {account: $account})-[r:KNOWS]->(b:Stakeholder)
WHERE r.account = $account
RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS properties
UNION ALL
MATCH (a:Department {account: $account})-[r:PART_OF]->(b:Department)
WHERE r.account = $account
RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS properties
