-- The same table as on PostgreSQL, where several servers share the login throttles through it.
-- A SQLite database has one server (db::claim), which keeps its buckets in memory: this table
-- stays empty here, and exists so that both backends have one schema.
CREATE TABLE throttle_buckets (
    bucket TEXT NOT NULL,
    key BIGINT NOT NULL,
    tat BIGINT NOT NULL,
    PRIMARY KEY (bucket, key)
);
