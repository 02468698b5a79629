// powermap: key people reached through one member of our team only (if that seller leaves or
// falls out with them, we lose the person). Reached = a KNOWS contact at level 1 or closer;
// every member with any contact counts as a thread. The key people come from powermap's
// ranking (powermap report), passed as ids. Reference: powermap.backends.reference.single_threaded.
// Optional (Backend.native): for Neo4j Browser and the Python API; no powermap command runs it.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
//   $people   [id]: the key people to check, in rank order, e.g. ['harold_kestrel', 'li_na']
// Returns: id, member (the one team member who reaches them)
UNWIND range(0, size($people) - 1) AS rank
MATCH (s:Stakeholder) WHERE s.account = $account AND s.id = $people[rank]
MATCH (s)<-[k:KNOWS]-(m:TeamMember)
WITH rank, s, collect(DISTINCT m.id) AS members, max(k.level) AS closest
WHERE closest >= 1 AND size(members) = 1
RETURN s.id AS id, members[0] AS member
ORDER BY rank
