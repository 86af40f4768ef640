-- API tokens for plugins (DESIGN.md, "API tokens"): stored as a SHA-256 digest, shown once.
-- Scopes are space-separated, as OAuth 2 writes them. Revoking deletes the row, so a revoked
-- token is unknown at once.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    expires_at TIMESTAMP
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, id);
