-- A conversation handed to people: queued, then with an agent, then resolved (or cancelled by the customer);
-- or, when nobody can take it, a message left for the team (leaving_message, then ticket).
-- The conversation reference is what proactive replies need (serviceUrl, conversation, bot and user accounts);
-- the route says which way they go: our own Direct Line, or the Bot Framework connector.
CREATE TABLE handoffs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    channel          TEXT NOT NULL,
    conversation_id  TEXT NOT NULL,
    customer_id      TEXT NOT NULL,
    state            TEXT NOT NULL,
    reason           TEXT NOT NULL,
    summary          TEXT NOT NULL,
    queue            TEXT NOT NULL,
    agent_id         TEXT,
    reference        TEXT NOT NULL,
    route            TEXT NOT NULL,
    locale           TEXT,
    queued_at        TEXT NOT NULL,
    claimed_at       TEXT,
    first_reply_at   TEXT,
    closed_at        TEXT
);
-- At most one open handoff per conversation: a second escalation while one is open is the same handoff.
CREATE UNIQUE INDEX ux_handoffs_open ON handoffs(channel, conversation_id) WHERE state IN ('queued', 'with_agent', 'leaving_message');
CREATE INDEX ix_handoffs_state ON handoffs(state, queued_at);
CREATE INDEX ix_handoffs_conversation ON handoffs(conversation_id, id);

-- Who acted (agent touchpoints) and how long it took (wait, first response, handle time).
ALTER TABLE touchpoints ADD COLUMN agent_id TEXT;
ALTER TABLE touchpoints ADD COLUMN duration_ms REAL;
