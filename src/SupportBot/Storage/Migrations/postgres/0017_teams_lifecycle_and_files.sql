-- Conversations the bot has left: uninstalled from a personal chat, removed from a group chat or team. Nothing is
-- sent into them outside a turn (agents' replies, surveys, the outbox) until the bot is installed there again.
CREATE TABLE conversation_departures (
    conversation_id  TEXT PRIMARY KEY,
    channel          TEXT NOT NULL,
    reason           TEXT NOT NULL,
    departed_at      TEXT NOT NULL
);

-- Files customers send in Teams are stored as Direct Line uploads are. channel says whose they are: a Teams file has
-- no Direct Line conversation to outlive. activity_id names the message that carried it, so deleting the message
-- deletes its files.
ALTER TABLE directline_attachments ADD COLUMN channel TEXT NOT NULL DEFAULT 'directline';
ALTER TABLE directline_attachments ADD COLUMN activity_id TEXT;
CREATE INDEX ix_directline_attachments_activity ON directline_attachments(conversation_id, activity_id) WHERE activity_id IS NOT NULL;

CREATE OR REPLACE FUNCTION refuse_attachments_of_missing_conversations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.channel <> 'directline' THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM directline_conversations WHERE id = NEW.conversation_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the conversation does not exist (erased or expired)';
    END IF;
    RETURN NEW;
END
$$;
