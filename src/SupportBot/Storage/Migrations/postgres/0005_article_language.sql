-- The language an article is written in ("en", "id"), which decides how its words are stemmed for search.
ALTER TABLE kb_articles ADD COLUMN language TEXT;

-- Articles ingested before this migration are read again on the next ingestion to learn their language.
UPDATE kb_articles SET content_hash = '';
