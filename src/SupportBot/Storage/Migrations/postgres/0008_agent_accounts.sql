-- Local agent console accounts. Ids compare without case, as people type them: a nondeterministic ICU collation
-- is PostgreSQL's COLLATE NOCASE (equality, the primary key and ON CONFLICT all ignore case).
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE TABLE agent_accounts (
    id             TEXT COLLATE nocase PRIMARY KEY,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
