// powermap: candidate introduction routes to a stakeholder: every route with the fewest hops
// from any member of our team, over a contact (KNOWS, any level) and then positive ties
// between active stakeholders (reports-to, influence, advice, ally, friend, kin, alumni, in
// either direction; never a rivalry), avoiding the given ids. powermap path ranks routes by
// warmth; this finds the shortest ones to start from. Written for Neo4j, which applies the
// WHERE during the search; a server that filters after it (the ArcadeDB test server) can miss
// routes when an avoided person sits on the overall shortest one, so the Neo4j backend's
// introduction_candidates runs the breadth-first introduction_step.cypher, which gives the
// same answer everywhere.
// Reference: powermap.backends.reference.introduction_candidates.
// Optional (Backend.native): for Neo4j Browser; no powermap command runs it.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
//   $target   the stakeholder id to reach
//   $avoid    [id]: people (or team members) no route may pass through, e.g. the target's rivals
// Returns: route (ids from our team member to the target), hops
MATCH (t:Stakeholder {account: $account, id: $target})
WHERE t.status <> 'left'
MATCH (m:TeamMember {account: $account})
WHERE NOT m.id IN $avoid
MATCH p = allShortestPaths((m)-[:KNOWS|REPORTS_TO|INFLUENCES|ADVISES|ALLY_OF|FRIEND_OF|KIN_OF|ALUMNI_OF*]-(t))
WHERE all(n IN nodes(p) WHERE n = m OR (n:Stakeholder AND n.status <> 'left' AND NOT n.id IN $avoid))
WITH collect(p) AS paths
WITH paths, reduce(fewest = -1, p IN paths | CASE WHEN fewest < 0 OR length(p) < fewest THEN length(p) ELSE fewest END) AS fewest
UNWIND [p IN paths WHERE length(p) = fewest] AS p
RETURN [n IN nodes(p) | n.id] AS route, length(p) AS hops
ORDER BY route
