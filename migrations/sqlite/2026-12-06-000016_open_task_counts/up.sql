-- The open-task quota is checked inside every write that adds a task, holding the write lock.
-- Counting through tasks_open_idx (migration 000014) still read one index entry per open task:
-- in bench/mix, where each user gains thousands of tasks, the count became 57% of a new task's
-- server time. The database now keeps the count itself, in the same transaction as the task
-- rows, whatever statement moves a task in or out of "open and live". A user with no row has no
-- open task.
CREATE TABLE open_task_counts (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    open_tasks INTEGER NOT NULL
);
INSERT INTO open_task_counts (user_id, open_tasks)
    SELECT user_id, COUNT(*) FROM tasks
    WHERE status = 'open' AND deleted_at IS NULL
    GROUP BY user_id;

CREATE TRIGGER open_task_added AFTER INSERT ON tasks
WHEN NEW.status = 'open' AND NEW.deleted_at IS NULL
BEGIN
    INSERT INTO open_task_counts (user_id, open_tasks) VALUES (NEW.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET open_tasks = open_tasks + 1;
END;

CREATE TRIGGER open_task_removed AFTER DELETE ON tasks
WHEN OLD.status = 'open' AND OLD.deleted_at IS NULL
BEGIN
    UPDATE open_task_counts SET open_tasks = open_tasks - 1 WHERE user_id = OLD.user_id;
END;

CREATE TRIGGER open_task_changed AFTER UPDATE OF status, deleted_at, user_id ON tasks
WHEN (OLD.status = 'open' AND OLD.deleted_at IS NULL) <> (NEW.status = 'open' AND NEW.deleted_at IS NULL)
    OR OLD.user_id <> NEW.user_id
BEGIN
    UPDATE open_task_counts SET open_tasks = open_tasks - 1
        WHERE user_id = OLD.user_id AND OLD.status = 'open' AND OLD.deleted_at IS NULL;
    INSERT INTO open_task_counts (user_id, open_tasks)
        SELECT NEW.user_id, 1 WHERE NEW.status = 'open' AND NEW.deleted_at IS NULL
        ON CONFLICT (user_id) DO UPDATE SET open_tasks = open_tasks + 1;
END;

-- Nothing else reads it, and every task write paid for keeping it.
DROP INDEX tasks_open_idx;
