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

DROP TRIGGER attachments_of_missing_conversations;
CREATE TRIGGER attachments_of_missing_conversations BEFORE INSERT ON directline_attachments
WHEN NEW.channel = 'directline' AND NOT EXISTS (SELECT 1 FROM directline_conversations WHERE id = NEW.conversation_id)
BEGIN
    SELECT RAISE(ABORT, 'the conversation does not exist (erased or expired)');
END;
