-- The last proofreading of each task's note: `complete` says whether it had findings. Kept
-- apart from tasks so that a check, which changes nothing the task shows, bumps no version.
CREATE TABLE note_checks (
    task_id TEXT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    checked_at TIMESTAMP NOT NULL,
    findings INTEGER NOT NULL CHECK (findings >= 0)
);
