// powermap: create or update the nodes of one account (step 1 of a push; see push_relationships).
// Each row replaces every property of its node (SET n = ...), so a field removed from the file
// is removed here too; the Account node's row instead names every property to remove with a
// null (SET n += ...), so the push's `version`, `pushing` and `digest` stay (begin_push.cypher).
// powermap sends only the nodes that changed, in batches, all in one transaction per
// account. Statements are separated by ';'.
// Parameters:
//   $account       the account id, e.g. 'kestrel-mes'
//   $account_node  [{id, properties}]: the Account node (one row; null = remove the property)
//   $team          [{id, properties}]: TeamMember nodes
//   $departments   [{id, properties}]: Department nodes
//   $factions      [{id, properties}]: Faction nodes
//   $stakeholders  [{id, properties}]: Stakeholder nodes
//   (properties: a map of the node's properties, `account` and `id` included; see docs/neo4j.md)
// Returns: nothing
UNWIND $account_node AS row
MERGE (n:Account {account: $account, id: row.id})
SET n += row.properties;
UNWIND $team AS row
MERGE (n:TeamMember {account: $account, id: row.id})
SET n = row.properties;
UNWIND $departments AS row
MERGE (n:Department {account: $account, id: row.id})
SET n = row.properties;
UNWIND $factions AS row
MERGE (n:Faction {account: $account, id: row.id})
SET n = row.properties;
UNWIND $stakeholders AS row
MERGE (n:Stakeholder {account: $account, id: row.id})
SET n = row.properties;
