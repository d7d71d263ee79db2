-- Only touchpoints from outside systems carry an external key. Indexing every touchpoint's NULL key made each
-- turn's insert change one more index page (and write it to the log again) for nothing: the index now holds the
-- keyed rows alone. Imports name the index's condition in their ON CONFLICT.
DROP INDEX ux_touchpoints_external_key;
CREATE UNIQUE INDEX ux_touchpoints_external_key ON touchpoints(external_key) WHERE external_key IS NOT NULL;
