// powermap: the last statement of a push: the account is whole again (see begin_push.cypher).
// It keeps the fingerprint of the rows the push wrote, which a pull checks what it read against.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
//   $digest   the fingerprint (SHA-256, hex) of the account's rows, from powermap.backends.schema.fingerprint
// Returns: version
MATCH (a:Account {account: $account, id: $account})
SET a.digest = $digest
REMOVE a.pushing
RETURN a.version AS version
