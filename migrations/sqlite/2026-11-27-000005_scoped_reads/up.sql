-- A scoped re-plan reads one user's attendances and the tasks of a few of their interviews.
-- Attendances had no index on their owner: every re-plan scanned every user's.
CREATE INDEX attendances_user_idx ON attendances (user_id, interview_id);
CREATE INDEX tasks_user_interview_idx ON tasks (user_id, interview_id);
