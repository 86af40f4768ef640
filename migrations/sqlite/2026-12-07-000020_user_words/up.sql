-- The user's own dictionary: words the proofreader takes as spelled right for them ("dbt",
-- "Caltrain"), beside the names in their data.
CREATE TABLE user_words (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    word TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, word)
);
