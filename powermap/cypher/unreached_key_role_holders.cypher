// powermap: active people holding a key buying role whom nobody on our team reaches.
// Reached = at least one KNOWS contact at level 1 (stranger) or closer.
// Reference: powermap.backends.reference.unreached_key_role_holders.
// Optional (Backend.native): for Neo4j Browser and the Python API; no powermap command runs it.
// Parameters:
//   $account  the account id, e.g. 'kestrel-mes'
//   $roles    the key roles, e.g. ['decision_maker', 'funder', 'procurement', 'user', 'evaluator', 'spec_setter']
// Returns: id, name, roles (the key roles they hold)
MATCH (s:Stakeholder {account: $account})
WHERE s.status <> 'left' AND any(role IN coalesce(s.roles, []) WHERE role IN $roles)
OPTIONAL MATCH (:TeamMember)-[k:KNOWS]->(s)
WITH s, max(k.level) AS closest
WHERE closest IS NULL OR closest < 1
RETURN s.id AS id, s.name AS name, [role IN s.roles WHERE role IN $roles] AS roles
ORDER BY s.seq
