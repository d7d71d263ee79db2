-- The agent console's own state kept on the server: each agent's preferences (notifications, language) and the
-- @mentions they have not read yet, so a reload or another device still shows them. A mention keeps no words of
-- the note: the conversation and who wrote it are enough to open it, and erasing a customer deletes its rows.
CREATE TABLE agent_preferences (
    agent_id      TEXT PRIMARY KEY COLLATE NOCASE,
    language      TEXT,
    sound         INTEGER NOT NULL,
    desktop       INTEGER NOT NULL,
    title_badge   INTEGER NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE agent_mentions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id         TEXT NOT NULL COLLATE NOCASE,
    conversation_id  TEXT NOT NULL,
    by_agent_id      TEXT NOT NULL,
    at               TEXT NOT NULL
);
CREATE INDEX ix_agent_mentions_agent ON agent_mentions(agent_id, id);
CREATE INDEX ix_agent_mentions_conversation ON agent_mentions(conversation_id);

-- Full-text search over what was said (touchpoint text), for the console's search. An external-content FTS5 index:
-- the words live once, in touchpoints; the triggers keep the index in step with every insert, edit and delete, so
-- retention and a customer's erasure take their words out of the index too.
CREATE VIRTUAL TABLE touchpoint_search USING fts5(text, content = 'touchpoints', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER touchpoint_search_insert AFTER INSERT ON touchpoints WHEN new.text IS NOT NULL BEGIN
    INSERT INTO touchpoint_search(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER touchpoint_search_delete AFTER DELETE ON touchpoints WHEN old.text IS NOT NULL BEGIN
    INSERT INTO touchpoint_search(touchpoint_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER touchpoint_search_update AFTER UPDATE OF text ON touchpoints BEGIN
    INSERT INTO touchpoint_search(touchpoint_search, rowid, text) SELECT 'delete', old.id, old.text WHERE old.text IS NOT NULL;
    INSERT INTO touchpoint_search(rowid, text) SELECT new.id, new.text WHERE new.text IS NOT NULL;
END;
INSERT INTO touchpoint_search(rowid, text) SELECT id, text FROM touchpoints WHERE text IS NOT NULL;
