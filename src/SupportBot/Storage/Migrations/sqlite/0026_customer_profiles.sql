-- Who a customer is according to their channel's directory (Teams' roster: TeamsInfo.getMember), looked up once when
-- the customer first appears and again when a handoff finds none (Channels/Teams/TeamsMemberLookup). Not a proof
-- of identity as customer_verifications is, but what Teams itself says about the member. One row per channel
-- account; merges move it, erasure deletes it, export includes it.
CREATE TABLE customer_profiles (
    account_id      TEXT PRIMARY KEY,
    customer_id     TEXT NOT NULL,
    channel         TEXT NOT NULL,
    aad_object_id   TEXT,
    tenant_id       TEXT,
    name            TEXT,
    email           TEXT,
    upn             TEXT,
    looked_up_at    TEXT NOT NULL
);
CREATE INDEX ix_customer_profiles_customer ON customer_profiles(customer_id);
