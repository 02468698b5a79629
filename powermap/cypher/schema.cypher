// powermap: schema (uniqueness constraints and indexes). Safe to run again: IF NOT EXISTS.
// Every node is unique by (account, id) within its label, so many accounts share one
// database; `account` is indexed on every label and relationship type, because every query
// starts from it. Statements are separated by ';' (Neo4j Browser runs them one by one).
// Parameters: none
// Returns: nothing
CREATE CONSTRAINT powermap_account_key IF NOT EXISTS FOR (n:Account) REQUIRE (n.account, n.id) IS UNIQUE;
CREATE CONSTRAINT powermap_team_member_key IF NOT EXISTS FOR (n:TeamMember) REQUIRE (n.account, n.id) IS UNIQUE;
CREATE CONSTRAINT powermap_department_key IF NOT EXISTS FOR (n:Department) REQUIRE (n.account, n.id) IS UNIQUE;
CREATE CONSTRAINT powermap_faction_key IF NOT EXISTS FOR (n:Faction) REQUIRE (n.account, n.id) IS UNIQUE;
CREATE CONSTRAINT powermap_stakeholder_key IF NOT EXISTS FOR (n:Stakeholder) REQUIRE (n.account, n.id) IS UNIQUE;
CREATE INDEX powermap_account_account IF NOT EXISTS FOR (n:Account) ON (n.account);
CREATE INDEX powermap_team_member_account IF NOT EXISTS FOR (n:TeamMember) ON (n.account);
CREATE INDEX powermap_department_account IF NOT EXISTS FOR (n:Department) ON (n.account);
CREATE INDEX powermap_faction_account IF NOT EXISTS FOR (n:Faction) ON (n.account);
CREATE INDEX powermap_stakeholder_account IF NOT EXISTS FOR (n:Stakeholder) ON (n.account);
CREATE INDEX powermap_reports_to_account IF NOT EXISTS FOR ()-[r:REPORTS_TO]-() ON (r.account);
CREATE INDEX powermap_member_of_account IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.account);
CREATE INDEX powermap_in_faction_account IF NOT EXISTS FOR ()-[r:IN_FACTION]-() ON (r.account);
CREATE INDEX powermap_leads_account IF NOT EXISTS FOR ()-[r:LEADS]-() ON (r.account);
CREATE INDEX powermap_part_of_account IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.account);
CREATE INDEX powermap_knows_account IF NOT EXISTS FOR ()-[r:KNOWS]-() ON (r.account);
CREATE INDEX powermap_influences_account IF NOT EXISTS FOR ()-[r:INFLUENCES]-() ON (r.account);
CREATE INDEX powermap_advises_account IF NOT EXISTS FOR ()-[r:ADVISES]-() ON (r.account);
CREATE INDEX powermap_ally_of_account IF NOT EXISTS FOR ()-[r:ALLY_OF]-() ON (r.account);
CREATE INDEX powermap_rival_of_account IF NOT EXISTS FOR ()-[r:RIVAL_OF]-() ON (r.account);
CREATE INDEX powermap_friend_of_account IF NOT EXISTS FOR ()-[r:FRIEND_OF]-() ON (r.account);
CREATE INDEX powermap_kin_of_account IF NOT EXISTS FOR ()-[r:KIN_OF]-() ON (r.account);
CREATE INDEX powermap_alumni_of_account IF NOT EXISTS FOR ()-[r:ALUMNI_OF]-() ON (r.account);
