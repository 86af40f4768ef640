//! Rules after the thank-you: the second channel, the follow-up call, the decision and
//! second-interview checks, the weekly check-in, and the cadence guard that spaces the calls.

use super::*;

impl<'a> Planner<'a> {
    /// The latest note sent to each person of each interview who still attends it, with when it
    /// was sent: after a reschedule there may be one per meeting, and what follows answers the
    /// newest. A person detached since (added by mistake, or to another interview) is not
    /// chased about this one.
    fn sent_notes(
        &self,
    ) -> Vec<(
        &'a InterviewFact,
        &'a PersonFact,
        DateTime<Utc>,
        Option<Channel>,
    )> {
        let mut latest: BTreeMap<(&str, &str), &TaskFact> = BTreeMap::new();
        for task in &self.facts.tasks {
            if task.kind != RuleId::ThankYouNote.as_str() || !task.is_done() {
                continue;
            }
            if let (Some(iv), Some(person)) =
                (task.interview_id.as_deref(), task.interviewer_id.as_deref())
            {
                let entry = latest.entry((iv, person)).or_insert(task);
                if (task.completed_at, &task.id) > (entry.completed_at, &entry.id) {
                    *entry = task;
                }
            }
        }
        latest
            .into_iter()
            .filter_map(|((iv_id, person_id), task)| {
                let iv = self.interviews.get(iv_id).copied()?;
                let person = self
                    .attendees_of(iv_id)
                    .into_iter()
                    .find(|p| p.id == person_id)?;
                Some((iv, person, task.completed_at?, task.completion_channel))
            })
            .collect()
    }

    /// thank_you_second_channel: a card sent by mail is followed by an email or call.
    pub(super) fn second_channel(&mut self) {
        let second_after = self.settings.hours(Param::SecondChannelAfter);
        for (iv, person, sent_at, channel) in self.sent_notes() {
            let day = self.day(sent_at);
            if channel == Some(Channel::Mail) {
                self.push(Desired {
                title: format!("Follow your card to {} with a quick email or call", person.name),
                reason: format!(
                    "You mailed your thank-you to {} on {day}; a quick email or call makes sure it is noticed",
                    person.name
                ),
                channel: Some(Channel::Email),
                interviewer_id: Some(person.id.clone()),
                ..self.interview_task(
                    RuleId::ThankYouSecondChannel,
                    key(RuleId::ThankYouSecondChannel, &[&iv.id, &person.id]),
                    iv,
                    sent_at + second_after,
                )
            });
            }
        }
    }

    /// follow_up_call: 48 to 72 hours after a thank-you to an interviewer or recruiter.
    pub(super) fn follow_up_call(&mut self) {
        let opens = self.settings.hours(Param::CallWindowOpens);
        let due = self.settings.hours(Param::CallDue);
        let strengths = &self.facts.profile.strengths;
        for (iv, person, sent_at, _) in self.sent_notes() {
            let day = self.day(sent_at);
            let calls_them = matches!(person.role, Role::Interviewer | Role::Recruiter);
            // Nobody pushes for a job they have decided against.
            if calls_them && !iv.outcome.is_final() && !iv.unwanted() {
                let title = if strengths.is_empty() {
                    format!(
                        "Call {} about the {} position and restate why you are the best candidate",
                        person.name, iv.position
                    )
                } else {
                    format!(
                        "Call {} about the {} position and restate your assets: {}",
                        person.name,
                        iv.position,
                        sentence_list(strengths)
                    )
                };
                let not_before = business_hours(sent_at + opens, self.tz);
                let due_at = business_hours(sent_at + due, self.tz).max(not_before);
                self.push(Desired {
                title,
                reason: format!(
                    "You sent your thank-you to {} on {day}; call {} to {} hours later, in business hours",
                    person.name,
                    opens.num_hours(),
                    due.num_hours()
                ),
                channel: Some(Channel::Phone),
                not_before: Some(not_before),
                interviewer_id: Some(person.id.clone()),
                ..self.interview_task(
                    RuleId::FollowUpCall,
                    key(RuleId::FollowUpCall, &[&iv.id, &person.id]),
                    iv,
                    due_at,
                )
            });
            }
        }
    }

    /// The live interviews whose process is still open and wanted.
    fn open_processes(&self) -> Vec<&'a InterviewFact> {
        self.live()
            .filter(|iv| !iv.outcome.is_final() && !iv.unwanted())
            .collect()
    }

    /// decision_check: the day they said they would decide has passed without an answer.
    pub(super) fn decision_check(&mut self) {
        for iv in self.open_processes() {
            if let Some(date) = iv.decision_expected_on {
                let passed = end_of_day(date, self.tz);
                if self.now >= passed {
                    self.push(Desired {
                        title: format!(
                            "Ask {} whether they have decided about the {} position",
                            iv.company, iv.position
                        ),
                        reason: format!(
                            "{} expected to decide by {}; the date has passed without an answer",
                            iv.company,
                            date.format("%a %-d %b")
                        ),
                        channel: Some(Channel::Phone),
                        ..self.interview_task(
                            RuleId::DecisionCheck,
                            key(RuleId::DecisionCheck, &[&iv.id, &date.to_string()]),
                            iv,
                            next_business_morning(date, self.tz),
                        )
                    });
                } else {
                    self.wake_at(passed);
                }
            }
        }
    }

    /// second_interview_check: the day they said a second interview might come has passed, and
    /// no later interview with the company is planned.
    pub(super) fn second_interview_check(&mut self) {
        let live: Vec<&InterviewFact> = self.live().collect();
        for iv in self.open_processes() {
            if let Some(date) = iv.second_interview_expected_on {
                let company = self.company_of(Some(&iv.id));
                let later_stage =
                    |other: &InterviewFact| match (stage_rank(iv.stage), stage_rank(other.stage)) {
                        (Some(rank), Some(other_rank)) => other_rank > rank,
                        // `other` names no rank: an interview after this one is the next stage.
                        _ => other.scheduled_at > iv.scheduled_at,
                    };
                let later_exists = live.iter().any(|other| {
                    other.id != iv.id
                        && self.company_of(Some(&other.id)) == company
                        && later_stage(other)
                });
                let passed = end_of_day(date, self.tz);
                if later_exists {
                    continue;
                }
                if self.now >= passed {
                    self.push(Desired {
                        title: format!("Ask {} about the second interview", iv.company),
                        reason: format!(
                            "{} said you might hear about a second interview by {}",
                            iv.company,
                            date.format("%a %-d %b")
                        ),
                        channel: Some(Channel::Phone),
                        ..self.interview_task(
                            RuleId::SecondInterviewCheck,
                            key(RuleId::SecondInterviewCheck, &[&iv.id, &date.to_string()]),
                            iv,
                            next_business_morning(date, self.tz),
                        )
                    });
                } else {
                    self.wake_at(passed);
                }
            }
        }
    }

    /// weekly_check_in: once a follow-up call is done, a call a week after the last contact.
    pub(super) fn weekly_check_in(&mut self) {
        let live: Vec<&InterviewFact> = self.live().collect();
        self.weekly_check_ins(&live);
    }

    fn weekly_check_ins(&mut self, live: &[&'a InterviewFact]) {
        let interval = self.settings.call_spacing();
        // One series per company: its latest interview speaks for the process.
        let mut latest: BTreeMap<String, &InterviewFact> = BTreeMap::new();
        for iv in live {
            let entry = latest.entry(iv.company_key()).or_insert(iv);
            if (iv.scheduled_at, &iv.id) > (entry.scheduled_at, &entry.id) {
                *entry = iv;
            }
        }
        for (company, iv) in latest {
            if iv.outcome.is_final() || iv.unwanted() {
                continue;
            }
            let of_company = |t: &&TaskFact| {
                self.company_of(t.interview_id.as_deref()) == Some(company.as_str())
            };
            let followed_up = self
                .facts
                .tasks
                .iter()
                .filter(of_company)
                .any(|t| t.kind == RuleId::FollowUpCall.as_str() && t.is_done());
            if !followed_up {
                continue;
            }
            let Some(last_call) = self
                .facts
                .tasks
                .iter()
                .filter(of_company)
                .filter_map(contact_at)
                .max()
            else {
                continue;
            };
            let stamp = last_call.timestamp().to_string();
            let company_part = company.replace(':', " ");
            self.push(Desired {
                title: format!("Weekly check-in with {}: call about the {} position", iv.company, iv.position),
                reason: format!(
                    "You were last in touch with {} on {}; once a week keeps you in mind without calling every day",
                    iv.company,
                    self.day(last_call)
                ),
                channel: Some(Channel::Phone),
                ..self.interview_task(
                    RuleId::WeeklyCheckIn,
                    key(RuleId::WeeklyCheckIn, &[&company_part, &stamp]),
                    iv,
                    business_hours(last_call + interval, self.tz),
                )
            });
        }
    }

    /// The cadence guard: no two calls about a position to one company less than the check-in
    /// interval apart, counting calls already made. Follow-up calls right after a thank-you are
    /// exempt (one per interviewer), but the others keep their distance from them.
    pub(super) fn space_calls(&mut self) {
        let spacing = self.settings.call_spacing();
        let mut anchors: HashMap<String, Vec<DateTime<Utc>>> = HashMap::new();
        for task in &self.facts.tasks {
            let company = self.company_of(task.interview_id.as_deref());
            if let (Some(company), Some(at)) = (company, contact_at(task)) {
                anchors.entry(company.to_string()).or_default().push(at);
            }
        }
        // A follow-up call already done or skipped is not a call still to come: when it was made,
        // its completion is an anchor above; planning it again at its old due time would keep a
        // phantom call that pushes the next check-in back.
        let closed: HashSet<&str> = self
            .facts
            .tasks
            .iter()
            .filter(|t| matches!(t.status, TaskStatus::Done | TaskStatus::Skipped))
            .filter_map(|t| t.dedupe_key.as_deref())
            .collect();
        for task in &self.tasks {
            if task.rule == RuleId::FollowUpCall
                && !closed.contains(task.key.as_str())
                && let Some(company) = &task.company
            {
                anchors
                    .entry(company.clone())
                    .or_default()
                    .push(task.due_at);
            }
        }
        let mut guarded: Vec<usize> = (0..self.tasks.len())
            .filter(|&i| {
                let rule = &self.tasks[i].rule;
                rule.is_position_call() && *rule != RuleId::FollowUpCall
            })
            .collect();
        guarded.sort_by(|&a, &b| {
            (self.tasks[a].due_at, &self.tasks[a].key)
                .cmp(&(self.tasks[b].due_at, &self.tasks[b].key))
        });
        for i in guarded {
            let Some(company) = self.tasks[i].company.clone() else {
                continue;
            };
            let taken = anchors.entry(company).or_default();
            let mut due = self.tasks[i].due_at;
            // Each pass moves `due` later, past a conflicting call; a finite list of calls ends it.
            while let Some(conflict) = taken
                .iter()
                .filter(|&&at| (due - at).abs() < spacing)
                .max()
                .copied()
            {
                due = business_hours(conflict + spacing, self.tz);
            }
            taken.push(due);
            self.tasks[i].due_at = due;
        }
    }
}
