-- The calendar feed's token (DESIGN.md, "calendar"): one per user, stored as a digest. Rotating
-- replaces the row, so the old URL stops working at once.
CREATE TABLE calendar_feeds (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
