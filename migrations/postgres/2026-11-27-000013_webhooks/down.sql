DROP TRIGGER webhook_interview_event ON interviews;
DROP TRIGGER webhook_task_event ON tasks;
DROP FUNCTION webhook_event();
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP TABLE webhooks;
