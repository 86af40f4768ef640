DROP TABLE idempotency_keys;
DROP TABLE tasks;
DROP TABLE job_references;
DROP TABLE attendances;
DROP TABLE people;
DROP TABLE interviews;
