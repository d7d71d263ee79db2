-- Files customers upload into Direct Line conversations, served back by an unguessable URL as the service's are.
CREATE TABLE directline_attachments (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL,
    name             TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    content          BYTEA NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX ix_directline_attachments_conversation ON directline_attachments(conversation_id);
