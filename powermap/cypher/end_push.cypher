// powermap: the last statement of a push: the account is whole again (see begin_push.cypher).
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
// Returns: version
MATCH (a:Account {account: $account, id: $account})
REMOVE a.pushing
RETURN a.version AS version
