-- Keys carry the occurrence they answer (RULES.md, "Keys"): a thank-you note the interview's
-- scheduled time (epoch seconds), a decision or second-interview check its date. Existing keys
-- gain the occurrence as it stands now, so nothing already done is planned again.
UPDATE tasks SET dedupe_key = dedupe_key || ':' ||
    CAST(strftime('%s', (SELECT scheduled_at FROM interviews WHERE interviews.id = tasks.interview_id)) AS TEXT)
WHERE kind = 'thank_you_note' AND dedupe_key IS NOT NULL
  AND EXISTS (SELECT 1 FROM interviews WHERE interviews.id = tasks.interview_id);
UPDATE tasks SET dedupe_key = dedupe_key || ':' ||
    (SELECT decision_expected_on FROM interviews WHERE interviews.id = tasks.interview_id)
WHERE kind = 'decision_check' AND dedupe_key IS NOT NULL
  AND (SELECT decision_expected_on FROM interviews WHERE interviews.id = tasks.interview_id) IS NOT NULL;
UPDATE tasks SET dedupe_key = dedupe_key || ':' ||
    (SELECT second_interview_expected_on FROM interviews WHERE interviews.id = tasks.interview_id)
WHERE kind = 'second_interview_check' AND dedupe_key IS NOT NULL
  AND (SELECT second_interview_expected_on FROM interviews WHERE interviews.id = tasks.interview_id) IS NOT NULL;
