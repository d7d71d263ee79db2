-- Files offered to a Teams customer through a file consent card (Channels/Teams/TeamsFileConsent). The bytes wait here
-- until the customer accepts (then they are uploaded to the customer's OneDrive and dropped) or declines; an offer
-- not answered by expires_at is refused. reference is the conversation's reference (JSON), to answer into it.
CREATE TABLE teams_file_offers (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL,
    reference        TEXT NOT NULL,
    name             TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size             BIGINT NOT NULL,
    content          BYTEA,
    state            TEXT NOT NULL,
    offered_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    answered_at      TEXT
);
CREATE INDEX ix_teams_file_offers_conversation ON teams_file_offers(conversation_id);
