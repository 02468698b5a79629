// powermap: the accounts in this database, with how many people each maps, its version (the
// pushes committed) and whether a push of it was interrupted (see begin_push.cypher).
// Parameters: none
// Returns: id, name, stage, as_of, stakeholders, team, version, interrupted
MATCH (a:Account)
WHERE a.account = a.id
OPTIONAL MATCH (s:Stakeholder {account: a.id})
WITH a, count(s) AS stakeholders
OPTIONAL MATCH (m:TeamMember {account: a.id})
WITH a, stakeholders, count(m) AS team
RETURN a.id AS id, a.name AS name, a.stage AS stage, a.as_of AS as_of, stakeholders, team, a.version AS version,
       coalesce(a.pushing, false) AS interrupted
ORDER BY id
