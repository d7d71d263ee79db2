-- A customer is one person across channels and systems; each identity (Teams AAD object id, Direct Line user id,
-- e-mail, CRM id...) belongs to exactly one customer. A merged customer keeps its row, pointing at the survivor,
-- so an old id still finds the person.
CREATE TABLE customers (
    id           TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL,
    merged_into  TEXT
);
CREATE INDEX ix_customers_merged_into ON customers(merged_into);

CREATE TABLE customer_identities (
    kind         TEXT NOT NULL,
    value        TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (kind, value)
);
CREATE INDEX ix_customer_identities_customer ON customer_identities(customer_id);

-- Touchpoints logged before customers existed keep their channel user id as their customer id: each becomes a
-- customer with that id and one identity of its channel.
INSERT INTO customers (id, created_at)
SELECT customer_id, MIN(occurred_at) FROM touchpoints GROUP BY customer_id;
INSERT INTO customer_identities (kind, value, customer_id, created_at)
SELECT channel, customer_id, customer_id, MIN(occurred_at) FROM touchpoints GROUP BY channel, customer_id;

-- Touchpoints from other systems (purchases, orders, tickets, calls...): where they came from, what they were
-- worth, free-form attributes (JSON), and a key that makes a re-sent one a no-op.
ALTER TABLE touchpoints ADD COLUMN source TEXT;
ALTER TABLE touchpoints ADD COLUMN amount NUMERIC;
ALTER TABLE touchpoints ADD COLUMN currency TEXT;
ALTER TABLE touchpoints ADD COLUMN attributes TEXT;
ALTER TABLE touchpoints ADD COLUMN external_key TEXT;
CREATE UNIQUE INDEX ux_touchpoints_external_key ON touchpoints(external_key);
CREATE INDEX ix_touchpoints_kind ON touchpoints(kind, occurred_at);

-- Responses to external touchpoint posts by Idempotency-Key, so a retried post gets the same answer and is not
-- stored twice. The caller is the SHA-256 of its API key, never the key.
CREATE TABLE idempotency_keys (
    caller        TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER,
    response      TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (caller, key)
);

-- What was done with customers' data (export, erase, merge, retention): who, when, how many rows; never whose.
CREATE TABLE privacy_audit (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at  TEXT NOT NULL,
    action       TEXT NOT NULL,
    actor        TEXT NOT NULL,
    detail       TEXT NOT NULL
);
