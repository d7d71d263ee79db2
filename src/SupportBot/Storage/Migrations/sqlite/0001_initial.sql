CREATE TABLE kb_articles (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    source_path   TEXT NOT NULL,
    format        TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    body          TEXT NOT NULL,
    ingested_at   TEXT NOT NULL
);

CREATE TABLE kb_sections (
    id          TEXT PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    anchor      TEXT NOT NULL,
    heading     TEXT NOT NULL,
    text        TEXT NOT NULL,
    position    INTEGER NOT NULL
);
CREATE INDEX ix_kb_sections_article ON kb_sections(article_id);

CREATE TABLE touchpoints (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at       TEXT NOT NULL,
    conversation_id   TEXT NOT NULL,
    channel           TEXT NOT NULL,
    customer_id       TEXT NOT NULL,
    kind              TEXT NOT NULL,
    text              TEXT,
    cited_article_ids TEXT,
    confidence        REAL,
    latency_ms        REAL,
    reason            TEXT,
    activity_id       TEXT
);
CREATE INDEX ix_touchpoints_conversation ON touchpoints(conversation_id, id);
CREATE INDEX ix_touchpoints_customer ON touchpoints(customer_id, occurred_at);

-- A channel that retries a POST re-sends the same activity id; the key makes the retry a no-op.
CREATE TABLE inbound_activities (
    channel_id       TEXT NOT NULL,
    conversation_id  TEXT NOT NULL,
    activity_id      TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    PRIMARY KEY (channel_id, conversation_id, activity_id)
);

CREATE TABLE directline_conversations (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE directline_activities (
    conversation_id  TEXT NOT NULL REFERENCES directline_conversations(id) ON DELETE CASCADE,
    sequence         INTEGER NOT NULL,
    json             TEXT NOT NULL,
    PRIMARY KEY (conversation_id, sequence)
);
