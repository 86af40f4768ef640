-- Webhooks (DESIGN.md, "webhook"): endpoints, and an outbox written in the same transaction as
-- the change it reports. Triggers record what happened to tasks and interviews, whichever code
-- path changed them, and only for users with an endpoint that asked for it; the service renders
-- each event's payload before the transaction commits and fans it out to the endpoints.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason TEXT,
    due_cursor TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_user_idx ON webhooks (user_id, id);

CREATE TABLE webhook_events (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    payload TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_events_unsealed_idx ON webhook_events (user_id) WHERE payload IS NULL;

CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP,
    lease_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE next_attempt_at IS NOT NULL;
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);

CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    attempted_at TIMESTAMP NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_webhook_idx ON webhook_attempts (webhook_id, attempted_at);

CREATE TRIGGER webhook_task_created AFTER INSERT ON tasks
WHEN EXISTS (
    SELECT 1 FROM webhooks w
    WHERE w.user_id = NEW.user_id AND w.enabled AND (' ' || w.events || ' ') LIKE '% task.created %'
)
BEGIN
    INSERT INTO webhook_events (id, user_id, type, resource_id, created_at)
    VALUES ('msg_' || lower(hex(randomblob(16))), NEW.user_id, 'task.created', NEW.id, NEW.updated_at);
END;

CREATE TRIGGER webhook_task_finished AFTER UPDATE OF status ON tasks
WHEN NEW.status <> OLD.status AND NEW.status IN ('done', 'cancelled') AND EXISTS (
    SELECT 1 FROM webhooks w
    WHERE w.user_id = NEW.user_id AND w.enabled
      AND (' ' || w.events || ' ') LIKE
          '% task.' || CASE NEW.status WHEN 'done' THEN 'completed' ELSE 'cancelled' END || ' %'
)
BEGIN
    INSERT INTO webhook_events (id, user_id, type, resource_id, created_at)
    VALUES (
        'msg_' || lower(hex(randomblob(16))), NEW.user_id,
        'task.' || CASE NEW.status WHEN 'done' THEN 'completed' ELSE 'cancelled' END,
        NEW.id, NEW.updated_at
    );
END;

CREATE TRIGGER webhook_interview_updated AFTER UPDATE ON interviews
WHEN NEW.version <> OLD.version AND EXISTS (
    SELECT 1 FROM webhooks w
    WHERE w.user_id = NEW.user_id AND w.enabled AND (' ' || w.events || ' ') LIKE '% interview.updated %'
)
BEGIN
    INSERT INTO webhook_events (id, user_id, type, resource_id, created_at)
    VALUES ('msg_' || lower(hex(randomblob(16))), NEW.user_id, 'interview.updated', NEW.id, NEW.updated_at);
END;
