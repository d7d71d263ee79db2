-- Canned responses agents insert with a / shortcut. owner is NULL for the team's set (supervisors manage it) and
-- the agent's id for their personal set. A shortcut is unique within its set; a personal one may shadow a team one.
CREATE TABLE canned_responses (
    id          TEXT PRIMARY KEY,
    owner       TEXT COLLATE NOCASE,
    shortcut    TEXT NOT NULL,
    title       TEXT NOT NULL,
    text        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_canned_responses_shortcut ON canned_responses(COALESCE(owner, ''), shortcut);
