DROP INDEX tasks_user_interview_idx;
DROP INDEX attendances_user_idx;
