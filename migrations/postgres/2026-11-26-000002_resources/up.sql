-- Interviews, the people met there, references, follow-up tasks, and stored idempotent replies.
-- Deleted rows stay as tombstones (deleted_at) so that syncing clients learn of the deletion.

CREATE TABLE interviews (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company TEXT NOT NULL,
    position TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('screening', 'first', 'second', 'final', 'other')),
    format TEXT NOT NULL CHECK (format IN ('onsite', 'phone', 'video')),
    scheduled_at TIMESTAMP NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    location TEXT,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'completed', 'cancelled')),
    outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'offer_pending', 'offer_accepted',
        'offer_declined', 'rejected', 'withdrawn', 'position_filled')),
    outcome_set_at TIMESTAMP,
    decision_expected_on DATE,
    second_interview_expected_on DATE,
    interest TEXT NOT NULL CHECK (interest IN ('yes', 'no', 'unsure')),
    notes TEXT,
    insights TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX interviews_user_idx ON interviews (user_id, id);
CREATE INDEX interviews_user_updated_idx ON interviews (user_id, updated_at, id);

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title TEXT,
    role TEXT NOT NULL CHECK (role IN ('interviewer', 'receptionist', 'assistant', 'secretary',
        'recruiter', 'other')),
    company TEXT,
    email TEXT,
    phone TEXT,
    fax TEXT,
    postal_address TEXT,
    preferred_channel TEXT NOT NULL CHECK (preferred_channel IN ('mail', 'email', 'fax', 'phone',
        'unknown')),
    business_card BOOLEAN NOT NULL DEFAULT FALSE,
    notes TEXT,
    keep_in_touch BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX people_user_idx ON people (user_id, id);
CREATE INDEX people_user_updated_idx ON people (user_id, updated_at, id);

CREATE TABLE attendances (
    interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (interview_id, person_id)
);
CREATE INDEX attendances_person_idx ON attendances (person_id);

CREATE TABLE job_references (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    relationship TEXT,
    company TEXT,
    title TEXT,
    email TEXT,
    phone TEXT,
    postal_address TEXT,
    permission TEXT NOT NULL CHECK (permission IN ('not_asked', 'requested', 'granted', 'declined')),
    permission_asked_at TIMESTAMP,
    permission_answered_at TIMESTAMP,
    notes TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX job_references_user_idx ON job_references (user_id, id);
CREATE INDEX job_references_user_updated_idx ON job_references (user_id, updated_at, id);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    rule_id TEXT,
    dedupe_key TEXT,
    title TEXT NOT NULL,
    reason TEXT,
    draft TEXT,
    notes TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'skipped', 'cancelled')),
    status_reason TEXT,
    not_before TIMESTAMP,
    due_at TIMESTAMP,
    channel TEXT CHECK (channel IN ('mail', 'email', 'fax', 'phone', 'in_person', 'other')),
    interview_id TEXT REFERENCES interviews (id) ON DELETE SET NULL,
    interviewer_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    reference_id TEXT REFERENCES job_references (id) ON DELETE SET NULL,
    completed_at TIMESTAMP,
    completion_channel TEXT CHECK (completion_channel IN ('mail', 'email', 'fax', 'phone',
        'in_person', 'other')),
    completion_note TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    CONSTRAINT tasks_user_dedupe_key UNIQUE (user_id, dedupe_key)
);
CREATE INDEX tasks_user_idx ON tasks (user_id, id);
CREATE INDEX tasks_user_updated_idx ON tasks (user_id, updated_at, id);
CREATE INDEX tasks_interview_idx ON tasks (interview_id);
CREATE INDEX tasks_interviewer_idx ON tasks (interviewer_id);
CREATE INDEX tasks_reference_idx ON tasks (reference_id);

CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    response_body TEXT,
    response_headers TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
