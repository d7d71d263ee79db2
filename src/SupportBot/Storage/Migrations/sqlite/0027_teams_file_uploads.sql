-- An accepted file offer is uploaded in the background (Channels/Teams/TeamsFileUploads), not inside the
-- fileConsent/invoke Teams gives 15 seconds: the row is the durable job. upload_info is what the accept said (the
-- upload session URL and the file's details, JSON); card_activity_id the consent card's activity, to update it
-- once the customer has answered; attempts, next_attempt_at and last_error the retries with backoff; lease_until
-- keeps two instances from uploading the same offer at once.
ALTER TABLE teams_file_offers ADD COLUMN upload_info TEXT;
ALTER TABLE teams_file_offers ADD COLUMN card_activity_id TEXT;
ALTER TABLE teams_file_offers ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE teams_file_offers ADD COLUMN next_attempt_at TEXT;
ALTER TABLE teams_file_offers ADD COLUMN lease_until TEXT;
ALTER TABLE teams_file_offers ADD COLUMN last_error TEXT;
CREATE INDEX ix_teams_file_offers_uploading ON teams_file_offers(next_attempt_at) WHERE state = 'uploading';
