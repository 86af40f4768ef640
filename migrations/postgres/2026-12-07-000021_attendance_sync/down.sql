DROP INDEX attendances_walk_idx;
DROP INDEX attendances_sync_idx;
DROP INDEX attendances_id_idx;
DELETE FROM attendances WHERE deleted_at IS NOT NULL;
ALTER TABLE attendances DROP COLUMN deleted_at;
ALTER TABLE attendances DROP COLUMN updated_at;
ALTER TABLE attendances DROP COLUMN id;
