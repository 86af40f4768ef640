DROP INDEX refresh_tokens_expires_idx;
ALTER TABLE refresh_tokens DROP COLUMN family_expires_at;
ALTER TABLE users ADD COLUMN locked_until TIMESTAMP;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
