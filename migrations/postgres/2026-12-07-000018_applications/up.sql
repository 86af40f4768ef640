-- Applications (RULES.md, "The unit is the application"): one hiring process, one position at
-- one employer. Its interviews are its rounds; outcome, interest, the decision dates, the
-- strengths to restate, the check-in interval and the employer's time zone are its own. The
-- interviews keep their copies of company, position, outcome, interest and the dates, which
-- the service keeps equal to their application's (older clients read them there).
CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company TEXT NOT NULL,
    position TEXT NOT NULL,
    location TEXT,
    posting_url TEXT,
    posting_id TEXT,
    source TEXT,
    apply_by DATE,
    employer_time_zone TEXT,
    applied_on DATE,
    outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'offer_pending', 'offer_accepted',
        'offer_declined', 'rejected', 'withdrawn', 'position_filled')),
    outcome_set_at TIMESTAMP,
    interest TEXT NOT NULL CHECK (interest IN ('yes', 'no', 'unsure')),
    decision_expected_on DATE,
    second_interview_expected_on DATE,
    strengths TEXT,
    check_in_interval_days INTEGER CHECK (check_in_interval_days BETWEEN 1 AND 90),
    notes TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX applications_user_idx ON applications (user_id, id);
CREATE INDEX applications_user_updated_idx ON applications (user_id, updated_at, id);
-- A posting is saved once: a plugin that saves it again gets the application it made.
CREATE UNIQUE INDEX applications_posting_idx ON applications (user_id, posting_url)
    WHERE deleted_at IS NULL AND posting_url IS NOT NULL;

-- The references given for an application.
CREATE TABLE application_references (
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    reference_id TEXT NOT NULL REFERENCES job_references (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, reference_id)
);
CREATE INDEX application_references_reference_idx ON application_references (reference_id);

-- The foreign keys come at the end, once the applications the rows name exist.
ALTER TABLE interviews ADD COLUMN application_id TEXT;
CREATE INDEX interviews_application_idx ON interviews (application_id);
ALTER TABLE tasks ADD COLUMN application_id TEXT;
CREATE INDEX tasks_application_idx ON tasks (application_id);
CREATE INDEX tasks_user_application_idx ON tasks (user_id, application_id);

-- Existing interviews, grouped by user, company and position as written (case and outer
-- spaces aside), each group one application.
CREATE TEMP TABLE application_groups AS
SELECT key, gen_random_uuid()::text AS id FROM (
    SELECT DISTINCT user_id || '|' || lower(trim(company)) || '|' || lower(trim(position)) AS key
    FROM interviews
) keys;

UPDATE interviews SET application_id = (
    SELECT g.id FROM application_groups g
    WHERE g.key = interviews.user_id || '|' || lower(trim(interviews.company)) || '|' ||
        lower(trim(interviews.position))
);

-- Each takes company and position from its latest round, and outcome, interest and the dates
-- from its latest live round that set them.
INSERT INTO applications (id, user_id, company, position, outcome, outcome_set_at, interest,
    decision_expected_on, second_interview_expected_on, version, created_at, updated_at,
    deleted_at)
SELECT g.id,
    (SELECT i.user_id FROM interviews i WHERE i.application_id = g.id LIMIT 1),
    (SELECT trim(i.company) FROM interviews i WHERE i.application_id = g.id
        ORDER BY (i.deleted_at IS NULL) DESC, i.scheduled_at DESC, i.id DESC LIMIT 1),
    (SELECT trim(i.position) FROM interviews i WHERE i.application_id = g.id
        ORDER BY (i.deleted_at IS NULL) DESC, i.scheduled_at DESC, i.id DESC LIMIT 1),
    COALESCE((SELECT i.outcome FROM interviews i WHERE i.application_id = g.id
        AND i.deleted_at IS NULL AND i.outcome <> 'pending'
        ORDER BY i.scheduled_at DESC, i.id DESC LIMIT 1), 'pending'),
    (SELECT i.outcome_set_at FROM interviews i WHERE i.application_id = g.id
        AND i.deleted_at IS NULL AND i.outcome <> 'pending'
        ORDER BY i.scheduled_at DESC, i.id DESC LIMIT 1),
    COALESCE((SELECT i.interest FROM interviews i WHERE i.application_id = g.id
        AND i.deleted_at IS NULL AND i.interest <> 'unsure'
        ORDER BY i.scheduled_at DESC, i.id DESC LIMIT 1), 'unsure'),
    (SELECT i.decision_expected_on FROM interviews i WHERE i.application_id = g.id
        AND i.deleted_at IS NULL AND i.decision_expected_on IS NOT NULL
        ORDER BY i.scheduled_at DESC, i.id DESC LIMIT 1),
    (SELECT i.second_interview_expected_on FROM interviews i WHERE i.application_id = g.id
        AND i.deleted_at IS NULL AND i.second_interview_expected_on IS NOT NULL
        ORDER BY i.scheduled_at DESC, i.id DESC LIMIT 1),
    1,
    (SELECT min(i.created_at) FROM interviews i WHERE i.application_id = g.id),
    (SELECT max(i.updated_at) FROM interviews i WHERE i.application_id = g.id),
    CASE WHEN EXISTS (SELECT 1 FROM interviews i WHERE i.application_id = g.id
            AND i.deleted_at IS NULL) THEN NULL
        ELSE (SELECT max(i.deleted_at) FROM interviews i WHERE i.application_id = g.id) END
FROM application_groups g;

-- Every round now shows its application's company, position and answers; those that change are
-- a new version.
UPDATE interviews SET
    version = version + 1,
    company = (SELECT a.company FROM applications a WHERE a.id = interviews.application_id),
    position = (SELECT a.position FROM applications a WHERE a.id = interviews.application_id),
    outcome = (SELECT a.outcome FROM applications a WHERE a.id = interviews.application_id),
    outcome_set_at = (SELECT a.outcome_set_at FROM applications a
        WHERE a.id = interviews.application_id),
    interest = (SELECT a.interest FROM applications a WHERE a.id = interviews.application_id),
    decision_expected_on = (SELECT a.decision_expected_on FROM applications a
        WHERE a.id = interviews.application_id),
    second_interview_expected_on = (SELECT a.second_interview_expected_on FROM applications a
        WHERE a.id = interviews.application_id)
WHERE deleted_at IS NULL AND EXISTS (
    SELECT 1 FROM applications a WHERE a.id = interviews.application_id AND (
        a.company <> interviews.company OR a.position <> interviews.position
        OR a.outcome IS DISTINCT FROM interviews.outcome
        OR a.interest IS DISTINCT FROM interviews.interest
        OR a.decision_expected_on IS DISTINCT FROM interviews.decision_expected_on
        OR a.second_interview_expected_on IS DISTINCT FROM
            interviews.second_interview_expected_on));

UPDATE tasks SET application_id = (
    SELECT i.application_id FROM interviews i WHERE i.id = tasks.interview_id
) WHERE interview_id IS NOT NULL;

-- The keys of the rules that now follow the application name it in place of the interview (or,
-- for the weekly check-in, the company): open tasks keep their place, and done ones keep their
-- keys reserved. Where two rounds' tasks would take one key, the one still open (else the
-- latest) takes it, and the plan cancels the other as no longer wanted.
CREATE TEMP TABLE key_moves AS
SELECT t.id, t.user_id, CASE
        WHEN t.kind = 'reference_heads_up' THEN
            'reference_heads_up:' || substr(t.dedupe_key, 20, 36) || ':' || t.application_id
        WHEN t.kind = 'weekly_check_in' THEN
            'weekly_check_in:' || t.application_id || ':' || split_part(t.dedupe_key, ':', 3)
        ELSE t.kind || ':' || t.application_id ||
            substr(t.dedupe_key, length(t.kind) + 38)
    END AS new_key,
    t.status, t.updated_at
FROM tasks t
WHERE t.application_id IS NOT NULL AND t.dedupe_key IS NOT NULL AND t.kind IN (
    'decision_check', 'second_interview_check', 'weekly_check_in', 'business_circle',
    'stay_visible', 'withdraw_courteously', 'reference_heads_up');
DELETE FROM key_moves WHERE id NOT IN (
    SELECT id FROM (
        SELECT id, row_number() OVER (PARTITION BY user_id, new_key
            ORDER BY (status = 'open') DESC, updated_at DESC, id DESC) AS n
        FROM key_moves
    ) ranked WHERE n = 1
);
UPDATE tasks SET dedupe_key = (SELECT m.new_key FROM key_moves m WHERE m.id = tasks.id)
WHERE id IN (SELECT id FROM key_moves);

DROP TABLE key_moves;
DROP TABLE application_groups;

ALTER TABLE interviews ADD CONSTRAINT interviews_application_id_fkey
    FOREIGN KEY (application_id) REFERENCES applications (id) ON DELETE SET NULL;
ALTER TABLE tasks ADD CONSTRAINT tasks_application_id_fkey
    FOREIGN KEY (application_id) REFERENCES applications (id) ON DELETE SET NULL;

CREATE FUNCTION webhook_application_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind TEXT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        kind := 'application.created';
    ELSIF NEW.version <> OLD.version THEN
        kind := 'application.updated';
    ELSE
        RETURN NULL;
    END IF;
    IF EXISTS (
        SELECT 1 FROM webhooks w
        WHERE w.user_id = NEW.user_id AND w.enabled AND (' ' || w.events || ' ') LIKE '% ' || kind || ' %'
    ) THEN
        INSERT INTO webhook_events (id, user_id, type, resource_id, created_at)
        VALUES ('msg_' || replace(gen_random_uuid()::text, '-', ''), NEW.user_id, kind, NEW.id,
            NEW.updated_at);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER webhook_application_event AFTER INSERT OR UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION webhook_application_event();
