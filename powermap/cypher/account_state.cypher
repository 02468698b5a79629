// powermap: the version of one account and whether a push of it was interrupted. A pull reads
// it before and after the account: a different version means a push committed in between
// (the pull reads again); `interrupted` means a push died half-way on a server that kept part
// of its writes (the account is neither version: push the file again).
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
// Returns: version, interrupted
MATCH (a:Account {account: $account, id: $account})
RETURN a.version AS version, coalesce(a.pushing, false) AS interrupted
