// powermap: the version of one account, whether a push of it was interrupted, and the
// fingerprint of the rows the last push wrote. A pull reads it before and after the account: a
// different version means a push committed in between, and rows whose fingerprint is not this
// one were not seen whole (the pull reads again); `interrupted` means a push died half-way on a
// server that kept part of its writes (the account is neither version: push the file again).
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
// Returns: version, interrupted, digest
MATCH (a:Account {account: $account, id: $account})
RETURN a.version AS version, coalesce(a.pushing, false) AS interrupted, a.digest AS digest
