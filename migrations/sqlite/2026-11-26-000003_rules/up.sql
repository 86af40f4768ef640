-- Per-user rule switches and parameters, and when each user's plan next needs a look.
CREATE TABLE rule_settings (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rule_id TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    parameters TEXT NOT NULL DEFAULT '{}',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, rule_id)
);

-- The earliest instant at which time alone can change the user's plan (an interview ends,
-- a date passes); NULL when nothing is pending. The ticker visits only users who are due.
ALTER TABLE users ADD COLUMN next_check_at TIMESTAMP;
CREATE INDEX users_next_check_idx ON users (next_check_at);
