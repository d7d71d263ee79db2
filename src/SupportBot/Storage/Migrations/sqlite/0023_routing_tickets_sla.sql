-- Routing: each agent's chosen status (online, away, busy), capacity override (NULL: Routing:DefaultCapacity), last
-- console activity (idle after Routing:IdleMinutes) and last assignment (round robin gives the next chat to the agent
-- who waited longest). An assignment locks the agent's row first, so two instances cannot both fill the last seat.
CREATE TABLE agent_routing (
    agent_id          TEXT PRIMARY KEY,
    status            TEXT NOT NULL DEFAULT 'online',
    capacity          INTEGER,
    last_active_at    TEXT,
    last_assigned_at  TEXT
);
CREATE INDEX ix_handoffs_agent ON handoffs(agent_id, state);

-- Offline messages agents answer: one per handoff that ended as a left message. status: open, pending (answered,
-- waiting on the customer), solved; a customer message on a pending or solved ticket opens it again.
CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    handoff_id       INTEGER NOT NULL UNIQUE,
    channel          TEXT NOT NULL,
    conversation_id  TEXT NOT NULL,
    customer_id      TEXT NOT NULL,
    status           TEXT NOT NULL,
    assignee         TEXT,
    message          TEXT NOT NULL,
    email            TEXT,
    phone            TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    solved_at        TEXT
);
CREATE INDEX ix_tickets_status ON tickets(status, created_at);
CREATE INDEX ix_tickets_conversation ON tickets(conversation_id);

-- SLA breaches, recorded once per handoff and target (first_response, resolution) by whichever instance sees it first.
CREATE TABLE sla_breaches (
    handoff_id   INTEGER NOT NULL,
    target       TEXT NOT NULL,
    queue        TEXT NOT NULL,
    agent_id     TEXT,
    breached_at  TEXT NOT NULL,
    PRIMARY KEY (handoff_id, target)
);
