-- Login failures are throttled in memory (auth::throttle), never by locking the account, so the
-- lockout columns go. Refresh-token families get an absolute end, carried by each member.
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
ALTER TABLE refresh_tokens ADD COLUMN family_expires_at TIMESTAMP;
UPDATE refresh_tokens SET family_expires_at = expires_at;
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);
