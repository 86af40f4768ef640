-- The open-task quota is checked inside every write that adds a task, holding the user's row.
-- Counting through tasks_open_idx (migration 000014) still read one index entry per open task:
-- in bench/mix, where each user gains thousands of tasks, the count became 57% of a new task's
-- server time (on SQLite). The database now keeps the count itself, in the same transaction as
-- the task rows, whatever statement moves a task in or out of "open and live". A user with no
-- row has no open task. Task writes already hold the user's row (db::lock_user), so the row
-- here adds no wait of its own.
CREATE TABLE open_task_counts (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    open_tasks INTEGER NOT NULL
);
INSERT INTO open_task_counts (user_id, open_tasks)
    SELECT user_id, COUNT(*) FROM tasks
    WHERE status = 'open' AND deleted_at IS NULL
    GROUP BY user_id;

CREATE FUNCTION count_open_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'open' AND OLD.deleted_at IS NULL THEN
        UPDATE open_task_counts SET open_tasks = open_tasks - 1 WHERE user_id = OLD.user_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'open' AND NEW.deleted_at IS NULL THEN
        INSERT INTO open_task_counts (user_id, open_tasks) VALUES (NEW.user_id, 1)
            ON CONFLICT (user_id) DO UPDATE SET open_tasks = open_task_counts.open_tasks + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER open_task_added_or_removed AFTER INSERT OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION count_open_tasks();
CREATE TRIGGER open_task_changed AFTER UPDATE OF status, deleted_at, user_id ON tasks
    FOR EACH ROW
    WHEN ((OLD.status = 'open' AND OLD.deleted_at IS NULL)
            IS DISTINCT FROM (NEW.status = 'open' AND NEW.deleted_at IS NULL)
        OR OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION count_open_tasks();

-- Nothing else reads it, and every task write paid for keeping it.
DROP INDEX tasks_open_idx;
