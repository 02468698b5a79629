// powermap: delete one account: its nodes and every relationship they have.
// Other accounts in the database are untouched. The Account node goes first, so a push of
// the same account running meanwhile waits (or, on an optimistic server, is run again) and
// then writes the account whole. Statements are separated by ';'; powermap runs them in one
// transaction.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
// Returns: nothing (the summary counts the nodes deleted)
MATCH (n:Account {account: $account}) DETACH DELETE n;
MATCH (n:Stakeholder {account: $account}) DETACH DELETE n;
MATCH (n:TeamMember {account: $account}) DETACH DELETE n;
MATCH (n:Faction {account: $account}) DETACH DELETE n;
MATCH (n:Department {account: $account}) DETACH DELETE n;
