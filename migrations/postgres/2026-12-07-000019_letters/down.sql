ALTER TABLE people DROP COLUMN salutation;
ALTER TABLE attendances DROP COLUMN discussed;
