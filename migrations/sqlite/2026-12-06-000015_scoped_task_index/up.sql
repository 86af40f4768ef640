-- A scoped re-plan reads the tasks of a few interviews of one user. Without stats, SQLite
-- guessed that `user_id = ?` picks fewer rows than `interview_id IN (a set)` and read every task
-- of the user through tasks (user_id, updated_at, id), testing each against the set: 5,000 rows
-- for the engine bench's big user to find its few dozen. With both columns in one index the
-- read goes straight to the set's tasks.
-- SQLite only: PostgreSQL reads them through tasks (interview_id) (`= ANY`, see store::id_set),
-- and there this index tied with tasks (user_id, id) for a page of tasks (see migration 000008).
-- SQLite keeps taking tasks (user_id, id) for a page: it reads the page in order, no sort.
CREATE INDEX tasks_user_interview_idx ON tasks (user_id, interview_id);
