-- A customer's identity as Entra ID proved it (Teams single sign-on): the token's object id, which must equal the
-- Teams user's own, with the e-mail (or UPN) and name it carried. One row per object id: an object id is one
-- person, so one customer. Signing out deletes the row.
CREATE TABLE customer_verifications (
    object_id    TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    tenant_id    TEXT,
    email        TEXT,
    name         TEXT,
    channel      TEXT NOT NULL,
    verified_at  TEXT NOT NULL
);
CREATE INDEX ix_customer_verifications_customer ON customer_verifications(customer_id);

-- The signin/tokenExchange ids already taken: Teams sends the same exchange to every instance's endpoint it
-- retries, and only the first may exchange the token (as the SDK's TeamsSSOTokenExchangeMiddleware dedupes them).
CREATE TABLE sign_in_exchanges (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL
);
