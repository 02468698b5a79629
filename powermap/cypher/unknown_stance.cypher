// powermap: which of the given key people have an unknown stance toward us.
// The key people come from powermap's ranking (powermap report), passed as ids.
// Reference: powermap.backends.reference.unknown_stance.
// Optional (Backend.native): for Neo4j Browser and the Python API; no powermap command runs it.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
//   $people   [id]: the key people to check, in rank order
// Returns: id, name
UNWIND range(0, size($people) - 1) AS rank
MATCH (s:Stakeholder) WHERE s.account = $account AND s.id = $people[rank]
MATCH (s)
WHERE s.stance = 'unknown'
RETURN s.id AS id, s.name AS name
ORDER BY rank
