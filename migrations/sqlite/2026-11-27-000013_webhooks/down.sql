DROP TRIGGER webhook_interview_updated;
DROP TRIGGER webhook_task_finished;
DROP TRIGGER webhook_task_created;
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP TABLE webhooks;
