CREATE INDEX tasks_user_interview_idx ON tasks (user_id, interview_id);
