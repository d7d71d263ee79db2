-- Embedding vectors of knowledge sections for hybrid retrieval, kept so that a restart or a re-ingestion embeds
-- only new or changed sections. A row is reused while the section's embedded text still has the hash it was
-- embedded from; rows of sections that left the store are pruned at the next ingestion. The vector is the
-- model's float32 values, little-endian.
CREATE TABLE kb_section_vectors (
    section_id   TEXT NOT NULL,
    model        TEXT NOT NULL,
    text_hash    TEXT NOT NULL,
    vector       BYTEA NOT NULL,
    embedded_at  TEXT NOT NULL,
    PRIMARY KEY (section_id, model)
);
