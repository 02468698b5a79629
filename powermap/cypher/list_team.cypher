// powermap: the members of our team on one account, in file order.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
// Returns: id, name
MATCH (m:TeamMember {account: $account})
RETURN m.id AS id, m.name AS name
ORDER BY m.seq
