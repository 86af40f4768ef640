-- The open-task quota counts a user's open tasks inside every write that adds one, holding the
-- write lock: through tasks (user_id, id) that read each of the user's task rows (about 1 ms for
-- 900 tasks on SQLite, and the quota allows 10,000). This index holds only open, live tasks, so
-- the count reads index entries alone (the predicate's columns are in it: SQLite reads the row
-- otherwise). It is partial so that no page of tasks can pick it in place of tasks (user_id, id)
-- (see migration 000008); the count spells out its predicate.
CREATE INDEX tasks_open_idx ON tasks (user_id, status, deleted_at)
    WHERE status = 'open' AND deleted_at IS NULL;
