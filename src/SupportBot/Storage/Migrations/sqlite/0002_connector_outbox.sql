-- Replies the channel could not take yet: retried in order per conversation until delivered, never dropped.
CREATE TABLE connector_outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_key TEXT NOT NULL,
    activity_json    TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending',  -- pending | dead
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    last_error       TEXT,
    created_at       TEXT NOT NULL
);
CREATE INDEX ix_connector_outbox_pending ON connector_outbox(state, conversation_key, id);
