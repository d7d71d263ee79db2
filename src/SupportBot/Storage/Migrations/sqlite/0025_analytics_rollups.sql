-- Analytics rollups (Analytics/AnalyticsRollup.cs): one row of facts per conversation and its durations, and what is
-- known of each customer, so the dashboard's overview and drivers read one row per conversation (summed by the
-- store) rather than every touchpoint of the range. The rows are derived and rebuilt set-based: the conversations
-- with touchpoints past the watermark, or marked dirty by the triggers below (an update or delete of touchpoints;
-- inserts need no trigger, so a turn's write pays nothing), are recomputed with INSERT ... SELECT ... GROUP BY.
-- language and asked_again need the words (language detection, the index's terms): analysed = 0 marks the rows
-- still to be read for them, generation says which rebuild a row came from.
CREATE TABLE conversation_facts (
    conversation_id    TEXT PRIMARY KEY,
    customer_id        TEXT NOT NULL,
    channel            TEXT NOT NULL,
    first_message_at   TEXT NOT NULL,
    started_at         TEXT NOT NULL,
    language           TEXT,
    is_returning       INTEGER NOT NULL DEFAULT 0,
    is_purchaser       INTEGER NOT NULL DEFAULT 0,
    contained          INTEGER NOT NULL,
    escalation_reasons TEXT NOT NULL,
    first_agent        TEXT,
    first_wait_ms      REAL,
    max_wait_ms        REAL,
    asked_again        INTEGER NOT NULL DEFAULT 0,
    likes              INTEGER NOT NULL,
    dislikes           INTEGER NOT NULL,
    transferred        INTEGER NOT NULL,
    left_queue         INTEGER NOT NULL,
    left_message       INTEGER NOT NULL,
    queued             INTEGER NOT NULL,
    claimed            INTEGER NOT NULL,
    cancelled          INTEGER NOT NULL,
    never_claimed      INTEGER NOT NULL,
    rating_1           INTEGER NOT NULL,
    rating_2           INTEGER NOT NULL,
    rating_3           INTEGER NOT NULL,
    rating_4           INTEGER NOT NULL,
    rating_5           INTEGER NOT NULL,
    rated              INTEGER NOT NULL,
    generation         INTEGER NOT NULL,
    analysed           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_conversation_facts_range ON conversation_facts(first_message_at);
CREATE INDEX ix_conversation_facts_customer ON conversation_facts(customer_id);
CREATE INDEX ix_conversation_facts_rated ON conversation_facts(first_message_at) WHERE rated > 0;
CREATE INDEX ix_conversation_facts_pending ON conversation_facts(conversation_id) WHERE analysed = 0;

-- Bot answer latency (metric 0), agent first response (1), queue wait (2) and handle time (3), one row each.
CREATE TABLE conversation_timings (
    conversation_id  TEXT NOT NULL,
    metric           INTEGER NOT NULL,
    value_ms         REAL NOT NULL
);
CREATE INDEX ix_conversation_timings_conversation ON conversation_timings(conversation_id, metric, value_ms);

CREATE TABLE analytics_customers (
    customer_id       TEXT PRIMARY KEY,
    first_message_at  TEXT,
    purchaser         INTEGER NOT NULL
);

CREATE TABLE analytics_rollup_state (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    last_touchpoint_id INTEGER NOT NULL,
    generation         INTEGER NOT NULL
);
INSERT INTO analytics_rollup_state (id, last_touchpoint_id, generation) VALUES (1, 0, 0);

-- The conversations and customers one catch-up step rebuilds; empty between steps.
CREATE TABLE analytics_changed_conversations (conversation_id TEXT PRIMARY KEY);
CREATE TABLE analytics_changed_customers (customer_id TEXT PRIMARY KEY);

CREATE TABLE analytics_dirty (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id  TEXT NOT NULL,
    customer_id      TEXT NOT NULL
);

CREATE TRIGGER touchpoints_analytics_updated AFTER UPDATE ON touchpoints
BEGIN
    INSERT INTO analytics_dirty (conversation_id, customer_id) VALUES (old.conversation_id, old.customer_id);
    INSERT INTO analytics_dirty (conversation_id, customer_id) SELECT new.conversation_id, new.customer_id
    WHERE new.conversation_id <> old.conversation_id OR new.customer_id <> old.customer_id;
END;

CREATE TRIGGER touchpoints_analytics_deleted AFTER DELETE ON touchpoints
BEGIN
    INSERT INTO analytics_dirty (conversation_id, customer_id) VALUES (old.conversation_id, old.customer_id);
END;
