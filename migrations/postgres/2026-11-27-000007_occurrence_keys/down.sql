UPDATE tasks SET dedupe_key = 'thank_you_note:' || interview_id || ':' || interviewer_id
WHERE kind = 'thank_you_note' AND dedupe_key IS NOT NULL;
UPDATE tasks SET dedupe_key = kind || ':' || interview_id
WHERE kind IN ('decision_check', 'second_interview_check') AND dedupe_key IS NOT NULL;
