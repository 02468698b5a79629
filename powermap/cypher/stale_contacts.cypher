// powermap: people whose latest dated contact with our team is older than $stale_days before
// $as_of. Undated contacts are not judged. ISO dates sort as text, so max() is the latest.
// Reference: powermap.backends.reference.stale_contacts.
// Optional (Backend.native): for Neo4j Browser and the Python API; no powermap command runs it.
// Parameters:
//   $account     the account id, e.g. 'kestrel-mes'
//   $as_of       the date the account describes, ISO text, e.g. '2026-11-15'
//   $stale_days  a contact older than this many days is stale, e.g. 90
// Returns: id, last_contact, age_days
MATCH (s:Stakeholder {account: $account})<-[k:KNOWS]-(:TeamMember)
WHERE k.last_contact IS NOT NULL
WITH s, max(k.last_contact) AS last_contact
WITH s, last_contact, duration.inDays(date(last_contact), date($as_of)).days AS age_days
WHERE age_days > $stale_days
RETURN s.id AS id, last_contact, age_days
ORDER BY s.seq
