-- tasks (user_id, interview_id) duplicated tasks_interview_idx for the scoped reads, and tied
-- with tasks (user_id, id) for a page of a user's tasks: PostgreSQL, with statistics from before
-- a user's tasks arrived, took it, read all 3,310 tasks of the user and sorted them (270 pages
-- a second instead of 1,750 in bench/run). Scoped reads use tasks_interview_idx.
DROP INDEX tasks_user_interview_idx;
