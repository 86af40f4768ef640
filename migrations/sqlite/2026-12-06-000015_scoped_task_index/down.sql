DROP INDEX tasks_user_interview_idx;
