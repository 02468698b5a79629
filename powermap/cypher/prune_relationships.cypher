// powermap: delete relationships the file no longer has (part of a push, before
// push_relationships). A relationship is named by its type, its two ends and, for relations
// and contacts, its `seq` (null for the others). Grouped by the label of the start node, so
// each statement finds it through the (account, id) index. Ids are matched with WHERE (see
// push_relationships.cypher for why). Statements are separated by ';'.
// Parameters:
//   $account            the account id, e.g. 'kestrel-mes'
//   $from_stakeholders  [{type, source, target, seq}]: relationships starting at a Stakeholder
//   $from_team          [{type, source, target, seq}]: relationships starting at a TeamMember (KNOWS)
//   $from_departments   [{type, source, target, seq}]: relationships starting at a Department (PART_OF)
// Returns: nothing
UNWIND $from_stakeholders AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (a)-[r]->(b {account: $account})
WHERE b.id = row.target AND type(r) = row.type AND r.account = $account AND coalesce(r.seq, -1) = coalesce(row.seq, -1)
DELETE r;
UNWIND $from_team AS row
MATCH (a:TeamMember) WHERE a.account = $account AND a.id = row.source
MATCH (a)-[r]->(b {account: $account})
WHERE b.id = row.target AND type(r) = row.type AND r.account = $account AND coalesce(r.seq, -1) = coalesce(row.seq, -1)
DELETE r;
UNWIND $from_departments AS row
MATCH (a:Department) WHERE a.account = $account AND a.id = row.source
MATCH (a)-[r]->(b {account: $account})
WHERE b.id = row.target AND type(r) = row.type AND r.account = $account AND coalesce(r.seq, -1) = coalesce(row.seq, -1)
DELETE r;
