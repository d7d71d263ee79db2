-- The inbound activities become a durable inbox: an activity is stored (its JSON) with its claim, pending, and
-- marked done once its turn has run. A pending one whose holder stopped renewing its lease (the instance died)
-- is taken over and run. arrival orders a conversation's activities; SQLite cannot add such a column, so the
-- table is rebuilt with it as the rowid.
CREATE TABLE inbound_activities_new (
    arrival          INTEGER PRIMARY KEY,
    channel_id       TEXT NOT NULL,
    conversation_id  TEXT NOT NULL,
    activity_id      TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'done',
    activity         TEXT,
    held_by          TEXT,
    lease_until      TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (channel_id, conversation_id, activity_id)
);
INSERT INTO inbound_activities_new (channel_id, conversation_id, activity_id, received_at)
SELECT channel_id, conversation_id, activity_id, received_at FROM inbound_activities ORDER BY received_at;
DROP TABLE inbound_activities;
ALTER TABLE inbound_activities_new RENAME TO inbound_activities;
CREATE INDEX ix_inbound_activities_pending ON inbound_activities(lease_until) WHERE state = 'pending';
