DROP INDEX users_next_check_idx;
ALTER TABLE users DROP COLUMN next_check_at;
DROP TABLE rule_settings;
