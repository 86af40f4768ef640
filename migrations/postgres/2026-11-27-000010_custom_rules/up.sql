-- The user's own rules (RULES.md, "Custom rules"). The definition is the JSON the API takes,
-- checked whole by rules::custom on every read. A deleted rule stays, marked, so that the
-- reason its open tasks were cancelled can name it.
CREATE TABLE custom_rules (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    definition TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX custom_rules_user_idx ON custom_rules (user_id, id);
