-- What an article is about (its front matter's subject and category), so answers can stay on the subject the
-- conversation is about.
ALTER TABLE kb_articles ADD COLUMN subject TEXT;
ALTER TABLE kb_articles ADD COLUMN category TEXT;

-- Articles ingested before this migration are read again on the next ingestion to pick up their subjects.
UPDATE kb_articles SET content_hash = '';
