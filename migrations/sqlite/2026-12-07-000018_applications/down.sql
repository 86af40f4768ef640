DROP TRIGGER webhook_application_updated;
DROP TRIGGER webhook_application_created;
DROP INDEX tasks_user_application_idx;
DROP INDEX tasks_application_idx;
ALTER TABLE tasks DROP COLUMN application_id;
DROP INDEX interviews_application_idx;
ALTER TABLE interviews DROP COLUMN application_id;
DROP TABLE application_references;
DROP TABLE applications;
