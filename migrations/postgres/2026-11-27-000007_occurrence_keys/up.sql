-- Keys carry the occurrence they answer (RULES.md, "Keys"): a thank-you note the interview's
-- scheduled time (epoch seconds), a decision or second-interview check its date. Existing keys
-- gain the occurrence as it stands now, so nothing already done is planned again.
UPDATE tasks SET dedupe_key = tasks.dedupe_key || ':' || EXTRACT(EPOCH FROM i.scheduled_at)::bigint::text
FROM interviews i
WHERE i.id = tasks.interview_id AND tasks.kind = 'thank_you_note' AND tasks.dedupe_key IS NOT NULL;
UPDATE tasks SET dedupe_key = tasks.dedupe_key || ':' || to_char(i.decision_expected_on, 'YYYY-MM-DD')
FROM interviews i
WHERE i.id = tasks.interview_id AND tasks.kind = 'decision_check' AND tasks.dedupe_key IS NOT NULL
  AND i.decision_expected_on IS NOT NULL;
UPDATE tasks SET dedupe_key = tasks.dedupe_key || ':' || to_char(i.second_interview_expected_on, 'YYYY-MM-DD')
FROM interviews i
WHERE i.id = tasks.interview_id AND tasks.kind = 'second_interview_check' AND tasks.dedupe_key IS NOT NULL
  AND i.second_interview_expected_on IS NOT NULL;
