-- Revoked Direct Line tokens when no Redis is configured: one row per revoked token ('token:<jti>') or per
-- conversation whose tokens are all revoked ('conversation:<id>', refusing tokens issued at or before revoked_at).
-- Times are Unix seconds; a row is pruned once no token it concerns can still be valid (expires_at).
CREATE TABLE token_revocations (
    subject     TEXT PRIMARY KEY,
    revoked_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX ix_token_revocations_expires ON token_revocations(expires_at);
