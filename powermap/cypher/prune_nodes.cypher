// powermap: delete nodes the file no longer has, with their relationships (part of a push).
// The Account node itself is removed only by delete_account. Ids are matched with WHERE (see
// push_relationships.cypher for why). Statements are separated by ';'.
// Parameters:
//   $account       the account id, e.g. 'kestrel-mes'
//   $team          [id]: TeamMember ids to delete
//   $departments   [id]: Department ids to delete
//   $factions      [id]: Faction ids to delete
//   $stakeholders  [id]: Stakeholder ids to delete
// Returns: nothing
UNWIND $team AS id
MATCH (n:TeamMember) WHERE n.account = $account AND n.id = id
DETACH DELETE n;
UNWIND $departments AS id
MATCH (n:Department) WHERE n.account = $account AND n.id = id
DETACH DELETE n;
UNWIND $factions AS id
MATCH (n:Faction) WHERE n.account = $account AND n.id = id
DETACH DELETE n;
UNWIND $stakeholders AS id
MATCH (n:Stakeholder) WHERE n.account = $account AND n.id = id
DETACH DELETE n;
