-- Login and registration throttles that every server instance shares (store::throttle): one
-- GCRA bucket per (table, key), its theoretical arrival time in microseconds since 1970. Keys
-- are keyed hashes of addresses and emails, never the values themselves. UNLOGGED: a crash may
-- forget the buckets, which only hands out a fresh allowance, and writes skip the WAL.
CREATE UNLOGGED TABLE throttle_buckets (
    bucket TEXT NOT NULL,
    key BIGINT NOT NULL,
    tat BIGINT NOT NULL,
    PRIMARY KEY (bucket, key)
);
