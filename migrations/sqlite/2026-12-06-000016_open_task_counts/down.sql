CREATE INDEX tasks_open_idx ON tasks (user_id, status, deleted_at)
    WHERE status = 'open' AND deleted_at IS NULL;
DROP TRIGGER open_task_changed;
DROP TRIGGER open_task_removed;
DROP TRIGGER open_task_added;
DROP TABLE open_task_counts;
