//! Rules after the thank-you: the second channel, the follow-up call, the decision and
//! second-interview checks, the weekly check-in, and the cadence guard that spaces the calls.

use super::*;

impl<'a> Planner<'a> {
    /// thank_you_second_channel and follow_up_call: after each thank-you marked done.
    pub(super) fn after_thank_yous(&mut self) {
        let second_after = self.settings.hours(Param::SecondChannelAfter);
        let opens = self.settings.hours(Param::CallWindowOpens);
        let due = self.settings.hours(Param::CallDue);
        let strengths = &self.facts.profile.strengths;
        // The latest note sent to each person of each interview: after a reschedule there may be
        // one per meeting, and what follows answers the newest.
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
        let sent: Vec<&TaskFact> = latest.into_values().collect();
        for task in sent {
            let (Some(iv_id), Some(person_id), Some(sent_at)) = (
                task.interview_id.as_deref(),
                task.interviewer_id.as_deref(),
                task.completed_at,
            ) else {
                continue;
            };
            // Only for someone still attached to the interview: a person detached since (added
            // by mistake, or to another interview) is not chased about this one.
            let (Some(iv), Some(person)) = (
                self.interviews.get(iv_id).copied(),
                self.attendees_of(iv_id)
                    .into_iter()
                    .find(|p| p.id == person_id),
            ) else {
                continue;
            };
            let day = self.day(sent_at);
            if task.completion_channel == Some(Channel::Mail) {
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

    /// decision_check, second_interview_check, weekly_check_in.
    pub(super) fn position_calls(&mut self) {
        let live: Vec<&InterviewFact> = self.live().collect();
        for iv in &live {
            if iv.outcome.is_final() || iv.unwanted() {
                continue;
            }
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
