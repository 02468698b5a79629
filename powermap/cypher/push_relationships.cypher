// powermap: create the relationships of one account (step 2 of a push, after push_nodes).
// One statement per relationship type (types cannot be parameters in portable Cypher). MERGE
// keys a relationship by its account and, for relations and contacts, by `seq`, its place in
// the file, so two ties of the same kind between the same people stay two; running a statement
// twice changes nothing. The ends are found with `WHERE a.account = $account AND a.id = ...`,
// not with a map in the pattern: an id is any text, and the test server takes a text like
// '$account' that comes from a row, inside a pattern's map, for the parameter of that name
// (Neo4j plans both forms alike; the test server uses the (account, id) index only when both
// keys are in the WHERE). Statements are separated by ';'.
// Parameters:
//   $account      the account id, e.g. 'kestrel-mes'
//   $reports_to   [{source, target, properties}]: a stakeholder to their boss (Stakeholder -> Stakeholder)
//   $member_of    [{source, target, properties}]: a stakeholder to their department (Stakeholder -> Department)
//   $in_faction   [{source, target, properties}]: a stakeholder to their faction (Stakeholder -> Faction)
//   $leads        [{source, target, properties}]: a faction's leader to the faction (Stakeholder -> Faction)
//   $part_of      [{source, target, properties}]: a department to its parent (Department -> Department)
//   $knows        [{source, target, properties}]: a contact: our team member to a stakeholder (TeamMember -> Stakeholder)
//   $influences   [{source, target, properties}]: the source sways the target (Stakeholder -> Stakeholder)
//   $advises      [{source, target, properties}]: the source advises the target (Stakeholder -> Stakeholder)
//   $ally_of      [{source, target, properties}]: allies (symmetric) (Stakeholder -> Stakeholder)
//   $rival_of     [{source, target, properties}]: rivals (symmetric) (Stakeholder -> Stakeholder)
//   $friend_of    [{source, target, properties}]: friends (symmetric) (Stakeholder -> Stakeholder)
//   $kin_of       [{source, target, properties}]: kin (symmetric) (Stakeholder -> Stakeholder)
//   $alumni_of    [{source, target, properties}]: alumni or former colleagues (symmetric) (Stakeholder -> Stakeholder)
//   (properties: a map with `account`, and `seq` for contacts and relations; see docs/neo4j.md)
// Returns: nothing
UNWIND $reports_to AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Stakeholder) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:REPORTS_TO {account: $account}]->(b)
SET r = row.properties;
UNWIND $member_of AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Department) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:MEMBER_OF {account: $account}]->(b)
SET r = row.properties;
UNWIND $in_faction AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Faction) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:IN_FACTION {account: $account}]->(b)
SET r = row.properties;
UNWIND $leads AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Faction) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:LEADS {account: $account}]->(b)
SET r = row.properties;
UNWIND $part_of AS row
MATCH (a:Department) WHERE a.account = $account AND a.id = row.source
MATCH (b:Department) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:PART_OF {account: $account}]->(b)
SET r = row.properties;
UNWIND $knows AS row
MATCH (a:TeamMember) WHERE a.account = $account AND a.id = row.source
MATCH (b:Stakeholder) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:KNOWS {account: $account, seq: row.properties.seq}]->(b)
SET r = row.properties;
UNWIND $influences AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Stakeholder) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:INFLUENCES {account: $account, seq: row.properties.seq}]->(b)
SET r = row.properties;
UNWIND $advises AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Stakeholder) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:ADVISES {account: $account, seq: row.properties.seq}]->(b)
SET r = row.properties;
UNWIND $ally_of AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Stakeholder) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:ALLY_OF {account: $account, seq: row.properties.seq}]->(b)
SET r = row.properties;
UNWIND $rival_of AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Stakeholder) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:RIVAL_OF {account: $account, seq: row.properties.seq}]->(b)
SET r = row.properties;
UNWIND $friend_of AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Stakeholder) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:FRIEND_OF {account: $account, seq: row.properties.seq}]->(b)
SET r = row.properties;
UNWIND $kin_of AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Stakeholder) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:KIN_OF {account: $account, seq: row.properties.seq}]->(b)
SET r = row.properties;
UNWIND $alumni_of AS row
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = row.source
MATCH (b:Stakeholder) WHERE b.account = $account AND b.id = row.target
MERGE (a)-[r:ALUMNI_OF {account: $account, seq: row.properties.seq}]->(b)
SET r = row.properties;
