// powermap: the first statement of a push: lock the account and mark the push as under way.
// It writes the Account node before anything is read, so on Neo4j a second push of the same
// account waits here until the first commits, then reads what it committed; an optimistic
// server (the test server) refuses the later of two commits instead, and powermap runs that
// push again. `version` counts the pushes the database committed for the account; `pushing`
// is true only inside a push (end_push.cypher, the last statement of the same transaction,
// removes it), so a committed account never has it: found set, it is the trace of a push that
// died half-way on a server that kept part of its writes. `digest` is the fingerprint of the
// rows the last push wrote (end_push.cypher), which the push checks its read against. A new
// account's node is created here, with only its keys; push_nodes.cypher gives it its properties.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
// Returns: version (this push's), interrupted (true: the previous push never finished), digest
MERGE (a:Account {account: $account, id: $account})
SET a.version = coalesce(a.version, 0) + 1
WITH a, coalesce(a.pushing, false) AS interrupted
SET a.pushing = true
RETURN a.version AS version, interrupted, a.digest AS digest
