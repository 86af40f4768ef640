-- Attendances sync as the other resources do (GET /v1/attendances with updated_since): each gets
-- an id, an updated_at, and a deleted_at, so a detach leaves a tombstone instead of a gap.
ALTER TABLE attendances ADD COLUMN id TEXT NOT NULL DEFAULT '';
ALTER TABLE attendances ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT '';
ALTER TABLE attendances ADD COLUMN deleted_at TIMESTAMP;
-- A version 4 UUID for each existing row; new rows get theirs from the server.
UPDATE attendances SET
    updated_at = created_at,
    id = lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)
        || '-' || lower(hex(randomblob(6)));
CREATE UNIQUE INDEX attendances_id_idx ON attendances (id);
CREATE INDEX attendances_sync_idx ON attendances (user_id, updated_at, id);
CREATE INDEX attendances_walk_idx ON attendances (user_id, id);
