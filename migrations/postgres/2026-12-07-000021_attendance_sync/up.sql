-- Attendances sync as the other resources do (GET /v1/attendances with updated_since): each gets
-- an id, an updated_at, and a deleted_at, so a detach leaves a tombstone instead of a gap.
ALTER TABLE attendances ADD COLUMN id TEXT;
ALTER TABLE attendances ADD COLUMN updated_at TIMESTAMP;
ALTER TABLE attendances ADD COLUMN deleted_at TIMESTAMP;
UPDATE attendances SET id = gen_random_uuid()::text, updated_at = created_at;
ALTER TABLE attendances ALTER COLUMN id SET NOT NULL;
ALTER TABLE attendances ALTER COLUMN updated_at SET NOT NULL;
CREATE UNIQUE INDEX attendances_id_idx ON attendances (id);
CREATE INDEX attendances_sync_idx ON attendances (user_id, updated_at, id);
CREATE INDEX attendances_walk_idx ON attendances (user_id, id);
