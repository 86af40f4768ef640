CREATE INDEX tasks_open_idx ON tasks (user_id, status, deleted_at)
    WHERE status = 'open' AND deleted_at IS NULL;
DROP TRIGGER open_task_changed ON tasks;
DROP TRIGGER open_task_added_or_removed ON tasks;
DROP FUNCTION count_open_tasks();
DROP TABLE open_task_counts;
