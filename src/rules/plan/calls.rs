//! Rules after the thank-you: the second channel, the follow-up call, the application's decision
//! and second-interview checks and its weekly check-in, and the cadence guard that spaces one
//! application's calls.

use super::*;

/// A thank-you marked sent: to whom, for which round, when and how.
struct Sent<'a> {
    app: &'a ApplicationFact,
    iv: &'a InterviewFact,
    person: &'a PersonFact,
    at: DateTime<Utc>,
    channel: Option<Channel>,
}

impl<'a> Planner<'a> {
    /// The latest note sent to each person of each interview who still attends it: after a
    /// reschedule there may be one per meeting, and what follows answers the newest. A person
    /// detached since (added by mistake, or to another interview) is not chased about this one.
    fn sent_notes(&self) -> Vec<Sent<'a>> {
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
                let iv = self.idx.interviews.get(iv_id).copied()?;
                let app = self.idx.application_of(iv)?;
                let person = self
                    .idx
                    .attendees_of(iv_id)
                    .iter()
                    .find(|p| p.id == person_id)?;
                Some(Sent {
                    app,
                    iv,
                    person,
                    at: task.completed_at?,
                    channel: task.completion_channel,
                })
            })
            .collect()
    }

    /// thank_you_second_channel: a card sent by mail is followed by an email or call.
    pub(super) fn second_channel(&mut self) {
        let second_after = self.settings.hours(Param::SecondChannelAfter);
        for sent in self.sent_notes() {
            if sent.channel != Some(Channel::Mail) {
                continue;
            }
            let (person, iv) = (sent.person, sent.iv);
            self.push(Desired {
                title: format!("Follow your card to {} with a quick email or call", person.name),
                reason: format!(
                    "You mailed your thank-you to {} on {}; a quick email or call makes sure it is noticed",
                    person.name,
                    self.day(sent.app, sent.at)
                ),
                channel: Some(Channel::Email),
                interviewer_id: Some(person.id.clone()),
                ..self.interview_task(
                    RuleId::ThankYouSecondChannel,
                    key(RuleId::ThankYouSecondChannel, &[&iv.id, &person.id]),
                    iv,
                    sent.at + second_after,
                )
            });
        }
    }

    /// The strengths to restate for `app`: its own, else the profile's.
    fn strengths(&self, app: &'a ApplicationFact) -> &'a [String] {
        if app.strengths.is_empty() {
            &self.facts.profile.strengths
        } else {
            &app.strengths
        }
    }

    /// follow_up_call: 48 to 72 hours after a thank-you to an interviewer or recruiter, in the
    /// employer's business hours.
    pub(super) fn follow_up_call(&mut self) {
        let opens = self.settings.hours(Param::CallWindowOpens);
        let due = self.settings.hours(Param::CallDue);
        for Sent {
            app,
            iv,
            person,
            at,
            ..
        } in self.sent_notes()
        {
            // Nobody pushes for a job they have decided against, or one that is over.
            if !matches!(person.role, Role::Interviewer | Role::Recruiter) || !app.is_chased() {
                continue;
            }
            let strengths = self.strengths(app);
            let title = if strengths.is_empty() {
                format!(
                    "Call {} about the {} position and restate why you are the best candidate",
                    person.name, app.position
                )
            } else {
                format!(
                    "Call {} about the {} position and restate your assets: {}",
                    person.name,
                    app.position,
                    sentence_list(strengths)
                )
            };
            let tz = self.idx.tz_of(app);
            let not_before = business_hours(at + opens, tz);
            let due_at = business_hours(at + due, tz).max(not_before);
            self.push(Desired {
                title,
                reason: format!(
                    "You sent your thank-you to {} on {}; call {} to {} hours later, in business hours",
                    person.name,
                    self.day(app, at),
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

    /// The applications still open and wanted: those calls chase.
    fn chased(&self) -> Vec<&'a ApplicationFact> {
        self.applications()
            .iter()
            .filter(|a| a.is_chased())
            .collect()
    }

    /// decision_check: the day the employer said it would decide has passed without an answer.
    /// One per application; a new date replaces it.
    pub(super) fn decision_check(&mut self) {
        for app in self.chased() {
            let Some(date) = app.decision_expected_on else {
                continue;
            };
            let tz = self.idx.tz_of(app);
            let passed = end_of_day(date, tz);
            if self.now < passed {
                self.wake_at(passed);
                continue;
            }
            self.push(Desired {
                title: format!(
                    "Ask {} whether they have decided about the {} position",
                    app.company, app.position
                ),
                reason: format!(
                    "{} expected to decide about the {} position by {}; the date has passed without an answer",
                    app.company,
                    app.position,
                    date.format("%a %-d %b")
                ),
                channel: Some(Channel::Phone),
                ..self.application_task(
                    RuleId::DecisionCheck,
                    key(RuleId::DecisionCheck, &[&app.id, &date.to_string()]),
                    app,
                    next_business_morning(date, tz),
                )
            });
        }
    }

    /// second_interview_check: the day a second interview might be offered has passed, and no
    /// later round of this application is booked.
    pub(super) fn second_interview_check(&mut self) {
        for app in self.chased() {
            let Some(date) = app.second_interview_expected_on else {
                continue;
            };
            let tz = self.idx.tz_of(app);
            if later_round_booked(self.idx.rounds_of(&app.id), date, tz) {
                continue;
            }
            let passed = end_of_day(date, tz);
            if self.now < passed {
                self.wake_at(passed);
                continue;
            }
            self.push(Desired {
                title: format!(
                    "Ask {} about a second interview for the {} position",
                    app.company, app.position
                ),
                reason: format!(
                    "{} said you might hear about a second interview by {}",
                    app.company,
                    date.format("%a %-d %b")
                ),
                channel: Some(Channel::Phone),
                ..self.application_task(
                    RuleId::SecondInterviewCheck,
                    key(RuleId::SecondInterviewCheck, &[&app.id, &date.to_string()]),
                    app,
                    next_business_morning(date, tz),
                )
            });
        }
    }

    /// The contacts logged in each application, by application id.
    fn contacts(&self) -> HashMap<&'a str, Vec<DateTime<Utc>>> {
        let mut contacts: HashMap<&str, Vec<DateTime<Utc>>> = HashMap::new();
        for task in &self.facts.tasks {
            if let (Some(app), Some(at)) = (task.application_id.as_deref(), contact_at(task)) {
                contacts.entry(app).or_default().push(at);
            }
        }
        contacts
    }

    /// weekly_check_in: once a follow-up in the application is done, a call one interval after
    /// the latest contact logged in it. One series per application.
    pub(super) fn weekly_check_in(&mut self) {
        let contacts = self.contacts();
        for app in self.chased() {
            let followed_up = self.facts.tasks.iter().any(|t| {
                t.application_id.as_deref() == Some(app.id.as_str())
                    && t.kind == RuleId::FollowUpCall.as_str()
                    && t.is_done()
            });
            let last = contacts.get(app.id.as_str()).and_then(|c| c.iter().max());
            let (true, Some(&last)) = (followed_up, last) else {
                continue;
            };
            let interval = self.interval(app);
            self.push(Desired {
                title: format!(
                    "Check in with {} about the {} position",
                    app.company, app.position
                ),
                reason: format!(
                    "You were last in touch with {} about the {} position on {}; once every {} days keeps you in mind without calling every day",
                    app.company,
                    app.position,
                    self.day(app, last),
                    interval.num_days()
                ),
                channel: Some(Channel::Phone),
                ..self.application_task(
                    RuleId::WeeklyCheckIn,
                    key(RuleId::WeeklyCheckIn, &[&app.id, &last.timestamp().to_string()]),
                    app,
                    business_hours(last + interval, self.idx.tz_of(app)),
                )
            });
        }
    }

    /// The cadence guard (RULES.md): within one application, no two calls due on the same
    /// business day, and check-ins and decision checks at least its interval apart, counting
    /// the contacts logged already. The first follow-up call to each person after their
    /// thank-you is exempt from the interval, not from the one-a-day limit. Calls only move
    /// later, each past the conflict it met, so the guard ends.
    pub(super) fn space_calls(&mut self) {
        // A call already done or skipped is not one still to come: its completion is a contact
        // below; planning it again at its old due time would keep a phantom call.
        let closed: HashSet<&str> = self
            .facts
            .tasks
            .iter()
            .filter(|t| t.deleted || matches!(t.status, TaskStatus::Done | TaskStatus::Skipped))
            .filter_map(|t| t.dedupe_key.as_deref())
            .collect();
        let mut calls: HashMap<&str, Calls> = HashMap::new();
        for (app, at) in self.contacts() {
            let Some(fact) = self.idx.applications.get(app) else {
                continue;
            };
            calls
                .entry(app)
                .or_insert_with(|| Calls::new(self.idx.tz_of(fact), self.interval(fact)))
                .made
                .extend(at);
        }
        let mut order: Vec<usize> = (0..self.tasks.len())
            .filter(|&i| {
                let task = &self.tasks[i];
                task.rule.is_position_call()
                    && task.application_id.is_some()
                    && !closed.contains(task.key.as_str())
            })
            .collect();
        // Follow-up calls take their days first: they are the ones the article times. Then the
        // checks on a date the employer gave, then the check-ins, which make way for them.
        let rank = |task: &Desired| match task.rule.built_in() {
            Some(RuleId::FollowUpCall) => 0,
            Some(RuleId::DecisionCheck | RuleId::SecondInterviewCheck) => 1,
            _ => 2,
        };
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.tasks[a], &self.tasks[b]);
            (rank(a), a.due_at, &a.key).cmp(&(rank(b), b.due_at, &b.key))
        });
        for i in order {
            let task = &self.tasks[i];
            let Some(app) = task
                .application_id
                .as_deref()
                .and_then(|id| self.idx.applications.get(id))
            else {
                continue;
            };
            let entry = calls
                .entry(app.id.as_str())
                .or_insert_with(|| Calls::new(self.idx.tz_of(app), self.interval(app)));
            let due = entry.place(task.due_at, task.rule != RuleId::FollowUpCall);
            self.tasks[i].due_at = due;
        }
    }
}

/// One application's calls as the guard places them.
struct Calls {
    tz: chrono_tz::Tz,
    interval: Duration,
    /// Contacts logged, and calls placed so far.
    made: Vec<DateTime<Utc>>,
}

impl Calls {
    fn new(tz: chrono_tz::Tz, interval: Duration) -> Self {
        Self {
            tz,
            interval,
            made: Vec::new(),
        }
    }

    fn same_day(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
        a.with_timezone(&self.tz).date_naive() == b.with_timezone(&self.tz).date_naive()
    }

    /// The earliest time from `due` on that keeps the rules, and takes it.
    fn place(&mut self, mut due: DateTime<Utc>, spaced: bool) -> DateTime<Utc> {
        loop {
            let conflict = self
                .made
                .iter()
                .copied()
                .filter(|&at| {
                    self.same_day(at, due) || (spaced && (due - at).abs() < self.interval)
                })
                .max();
            let Some(conflict) = conflict else {
                break;
            };
            let next = if spaced && (due - conflict).abs() < self.interval {
                conflict + self.interval
            } else {
                let local = conflict.with_timezone(&self.tz).date_naive();
                next_business_morning(local, self.tz)
            };
            due = business_hours(next.max(due), self.tz);
        }
        self.made.push(due);
        due
    }
}

/// Whether the second interview `date` was about is booked: a round later than the one it
/// followed (the last to end by that day, else the first), by stage, or by time when either
/// names no stage. Once booked it stays answered, when that round has happened too.
fn later_round_booked(rounds: &[&InterviewFact], date: NaiveDate, tz: chrono_tz::Tz) -> bool {
    let by = end_of_day(date, tz);
    let Some(base) = rounds
        .iter()
        .rev()
        .find(|r| r.ends_at() <= by)
        .or(rounds.first())
    else {
        return false;
    };
    rounds.iter().any(|other| {
        other.id != base.id
            && match (stage_rank(base.stage), stage_rank(other.stage)) {
                (Some(rank), Some(other_rank)) => other_rank > rank,
                _ => other.scheduled_at > base.scheduled_at,
            }
    })
}
