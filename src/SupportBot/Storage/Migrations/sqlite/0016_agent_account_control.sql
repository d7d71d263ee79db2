-- Supervisors take accounts and sessions back. A disabled account (disabled_at set) cannot sign in; every change
-- that must end the account's sessions (disable, re-role, password reset, sign out everywhere) moves session_version
-- on, and a console cookie carrying an older version is refused. Entra ID accounts are keyed by '<tenant>/<object id>'
-- (entra_object_id): user names can be renamed and handed to someone else, object ids cannot.
ALTER TABLE agent_accounts ADD COLUMN disabled_at TEXT;
ALTER TABLE agent_accounts ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agent_accounts ADD COLUMN entra_object_id TEXT;
CREATE UNIQUE INDEX ux_agent_accounts_entra_object_id ON agent_accounts(entra_object_id);
