-- Which fields of a generated task the user changed themselves (domain::UserFields, a bit set):
-- the plan's later changes leave those alone.
ALTER TABLE tasks ADD COLUMN user_fields INTEGER NOT NULL DEFAULT 0;
