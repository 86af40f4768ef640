-- Letters (RULES.md, "Thank-you drafts"): what was discussed belongs to the meeting, written for
-- the recipient ("your team's move to streaming"); a person's notes stay the user's own. And the
-- greeting a person is written to ("Dr. Raman").
ALTER TABLE attendances ADD COLUMN discussed TEXT;
ALTER TABLE people ADD COLUMN salutation TEXT;
