// powermap: one breadth-first step of the introduction search: the neighbours a route may
// enter next. From team members ($members) a route takes a contact (KNOWS, any level); from
// stakeholders ($people) a positive tie in either direction (reports-to, influence, advice,
// ally, friend, kin, alumni; never a rivalry). It may enter only active stakeholders not in
// $avoid. The Neo4j backend's introduction_candidates runs it once per hop, from our team
// outward, until the target is reached, and rebuilds every shortest route from the steps:
// exact on every server, unlike introduction_candidates.cypher on servers that filter
// allShortestPaths after the search.
// Ids are matched with WHERE (see push_relationships.cypher for why).
// Optional (Backend.native): for the Python API; no powermap command runs it.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
//   $members  [id]: team members on the frontier (the first step), else []
//   $people   [id]: stakeholders on the frontier (every later step), else []
//   $avoid    [id]: people no route may pass through
// Returns: source, target
UNWIND $members AS id
MATCH (a:TeamMember) WHERE a.account = $account AND a.id = id
MATCH (a)-[:KNOWS]->(b:Stakeholder)
WHERE b.status <> 'left' AND NOT b.id IN $avoid
RETURN id AS source, b.id AS target
UNION ALL
UNWIND $people AS id
MATCH (a:Stakeholder) WHERE a.account = $account AND a.id = id
MATCH (a)-[:REPORTS_TO|INFLUENCES|ADVISES|ALLY_OF|FRIEND_OF|KIN_OF|ALUMNI_OF]-(b:Stakeholder)
WHERE b.status <> 'left' AND NOT b.id IN $avoid
RETURN id AS source, b.id AS target
