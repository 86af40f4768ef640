//! `plan(facts, settings, now)`: the follow-up tasks a user should have, as a pure function.
//!
//! Level-triggered: the plan depends only on the facts and the time, never on having seen an
//! event, so running it twice, late, or on two servers gives the same answer. Besides the tasks
//! it returns the next instant at which time alone can change the answer (`next_wake`), so the
//! ticker can leave everyone else alone.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::catalog::RuleId;
use super::draft::{self, local_day, sentence_list};
use super::facts::{Facts, InterviewFact, PersonFact, TaskFact};
use super::settings::Settings;
use super::time::{business_hours, end_of_day, next_business_morning};
use crate::domain::enums::{
    Channel, Outcome, Permission, PreferredChannel, Role, Stage, TaskStatus,
};

/// A task the plan wants to exist, identified by its `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desired {
    pub key: String,
    pub rule: RuleId,
    pub title: String,
    pub reason: String,
    pub draft: Option<String>,
    pub channel: Option<Channel>,
    pub not_before: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
    pub interview_id: Option<String>,
    pub interviewer_id: Option<String>,
    pub reference_id: Option<String>,
    /// The hiring process, for spacing calls.
    pub company: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub tasks: Vec<Desired>,
    pub next_wake: Option<DateTime<Utc>>,
}

pub fn plan(facts: &Facts, settings: &Settings, now: DateTime<Utc>) -> Plan {
    let mut planner = Planner::new(facts, settings, now);
    planner.before_interviews();
    planner.after_interviews();
    planner.after_thank_yous();
    planner.position_calls();
    planner.references();
    planner.searching();
    planner.outcomes();
    planner.space_calls();
    planner
        .tasks
        .sort_by(|a, b| (a.due_at, &a.key).cmp(&(b.due_at, &b.key)));
    Plan {
        tasks: planner.tasks,
        next_wake: planner.wake,
    }
}

struct Planner<'a> {
    facts: &'a Facts,
    settings: &'a Settings,
    now: DateTime<Utc>,
    tz: Tz,
    people: HashMap<&'a str, &'a PersonFact>,
    /// Attendees of each interview, in id order (which decides the draft variant).
    attendees: HashMap<&'a str, Vec<&'a PersonFact>>,
    interviews: HashMap<&'a str, &'a InterviewFact>,
    /// Each interview's hiring process (normalised company), computed once.
    companies: HashMap<&'a str, String>,
    keys: HashSet<&'a str>,
    tasks: Vec<Desired>,
    wake: Option<DateTime<Utc>>,
}

fn key(rule: RuleId, parts: &[&str]) -> String {
    let mut key = rule.as_str().to_string();
    for part in parts {
        key.push(':');
        key.push_str(part);
    }
    key
}

fn with_title(name: &str, title: Option<&str>) -> String {
    match title.filter(|t| !t.trim().is_empty()) {
        Some(title) => format!("{name}, {title}"),
        None => name.to_string(),
    }
}

fn channel_for(preferred: PreferredChannel) -> Option<Channel> {
    match preferred {
        PreferredChannel::Mail => Some(Channel::Mail),
        PreferredChannel::Email => Some(Channel::Email),
        PreferredChannel::Fax => Some(Channel::Fax),
        PreferredChannel::Phone => Some(Channel::Phone),
        PreferredChannel::Unknown => None,
    }
}

fn stage_rank(stage: Stage) -> Option<u8> {
    match stage {
        Stage::Screening => Some(0),
        Stage::First => Some(1),
        Stage::Second => Some(2),
        Stage::Final => Some(3),
        Stage::Other => None,
    }
}

/// A done task that was a call: logged by phone, or a call rule's task done without a channel.
fn is_call(task: &TaskFact) -> bool {
    task.is_done()
        && match task.completion_channel {
            Some(channel) => channel == Channel::Phone,
            None => RuleId::parse(&task.kind).is_some_and(RuleId::is_position_call),
        }
}

impl<'a> Planner<'a> {
    fn new(facts: &'a Facts, settings: &'a Settings, now: DateTime<Utc>) -> Self {
        let people: HashMap<&str, &PersonFact> =
            facts.people.iter().map(|p| (p.id.as_str(), p)).collect();
        let mut attendees: HashMap<&str, Vec<&PersonFact>> = HashMap::new();
        for (interview, person) in &facts.attendance {
            if let Some(person) = people.get(person.as_str()) {
                attendees
                    .entry(interview.as_str())
                    .or_default()
                    .push(person);
            }
        }
        for list in attendees.values_mut() {
            list.sort_by(|a, b| a.id.cmp(&b.id));
        }
        Self {
            facts,
            settings,
            now,
            tz: facts.profile.time_zone,
            people,
            attendees,
            interviews: facts
                .interviews
                .iter()
                .map(|i| (i.id.as_str(), i))
                .collect(),
            companies: facts
                .interviews
                .iter()
                .map(|i| (i.id.as_str(), i.company_key()))
                .collect(),
            keys: facts
                .tasks
                .iter()
                .filter_map(|t| t.dedupe_key.as_deref())
                .collect(),
            tasks: Vec::new(),
            wake: None,
        }
    }

    fn wake_at(&mut self, at: DateTime<Utc>) {
        if at > self.now && self.wake.is_none_or(|w| at < w) {
            self.wake = Some(at);
        }
    }

    fn push(&mut self, task: Desired) {
        if self.settings.enabled(task.rule) {
            self.tasks.push(task);
        }
    }

    fn day(&self, at: DateTime<Utc>) -> String {
        local_day(at, self.tz)
    }

    /// The company (hiring process) of an interview id, if it is a live interview.
    fn company_of(&self, interview: Option<&str>) -> Option<&str> {
        interview
            .and_then(|id| self.companies.get(id))
            .map(String::as_str)
    }

    fn attendees_of(&self, interview: &str) -> Vec<&'a PersonFact> {
        self.attendees.get(interview).cloned().unwrap_or_default()
    }

    fn live(&self) -> impl Iterator<Item = &'a InterviewFact> + use<'a> {
        self.facts.interviews.iter().filter(|i| !i.is_cancelled())
    }

    /// closing_questions, collect_names: before the interview (kept once made, until cancelled).
    fn before_interviews(&mut self) {
        for iv in self.live().collect::<Vec<_>>() {
            let day = self.day(iv.scheduled_at);
            let upcoming = !iv.has_ended(self.now);
            let questions = key(RuleId::ClosingQuestions, &[&iv.id]);
            if upcoming || self.keys.contains(questions.as_str()) {
                self.push(Desired {
                    title: format!(
                        "At the end of your {} interview, ask when they will decide and when to expect a call for a second interview",
                        iv.company
                    ),
                    reason: format!(
                        "Your {} interview at {} is on {day}; their answers tell you when to follow up",
                        iv.position, iv.company
                    ),
                    ..self.interview_task(RuleId::ClosingQuestions, questions, iv, iv.scheduled_at)
                });
            }
            let names = key(RuleId::CollectNames, &[&iv.id]);
            if upcoming || self.keys.contains(names.as_str()) {
                self.push(Desired {
                    title: format!(
                        "At {}, write down the name and title of everyone you meet, receptionist and assistants included, and ask for business cards",
                        iv.company
                    ),
                    reason: format!(
                        "Everyone you meet at {} on {day} gets a thank-you note, so you need their names and titles",
                        iv.company
                    ),
                    ..self.interview_task(RuleId::CollectNames, names, iv, iv.scheduled_at)
                });
            }
        }
    }

    fn interview_task(
        &self,
        rule: RuleId,
        key: String,
        iv: &InterviewFact,
        due: DateTime<Utc>,
    ) -> Desired {
        Desired {
            key,
            rule,
            title: String::new(),
            reason: String::new(),
            draft: None,
            channel: None,
            not_before: None,
            due_at: due,
            interview_id: Some(iv.id.clone()),
            interviewer_id: None,
            reference_id: None,
            company: Some(iv.company_key()),
        }
    }

    /// thank_you_note, ask_contact_channel, record_insights: once the interview has ended.
    fn after_interviews(&mut self) {
        let within = self
            .settings
            .hours(RuleId::ThankYouNote, "thank_you_within_hours")
            .min(Duration::hours(24));
        let ask_after = self
            .settings
            .hours(RuleId::AskContactChannel, "after_hours");
        let insights_after = self.settings.hours(RuleId::RecordInsights, "after_hours");
        let mut asked: HashSet<&str> = HashSet::new();
        let mut ended: Vec<&InterviewFact> = self.live().collect();
        ended.sort_by_key(|iv| (iv.ends_at(), iv.id.clone()));
        for iv in ended {
            if !iv.has_ended(self.now) {
                self.wake_at(iv.ends_at());
                continue;
            }
            let end = iv.ends_at();
            let day = self.day(end);
            for (index, person) in self.attendees_of(&iv.id).into_iter().enumerate() {
                let support = draft::is_support_role(person.role);
                let reason = if support {
                    format!(
                        "Your interview at {} ended on {day}; {} helped you on the day and interviewers ask receptionists what they thought of you",
                        iv.company, person.name
                    )
                } else {
                    format!(
                        "Your interview at {} ended on {day}; thank-you notes are due within {} hours, whatever you thought of it",
                        iv.company,
                        within.num_hours()
                    )
                };
                self.push(Desired {
                    title: format!(
                        "Send a thank-you to {}",
                        with_title(&person.name, person.title.as_deref())
                    ),
                    reason,
                    draft: Some(draft::thank_you(
                        &self.facts.profile,
                        iv,
                        person,
                        index,
                        self.tz,
                    )),
                    channel: channel_for(person.preferred_channel),
                    interviewer_id: Some(person.id.clone()),
                    ..self.interview_task(
                        RuleId::ThankYouNote,
                        key(RuleId::ThankYouNote, &[&iv.id, &person.id]),
                        iv,
                        end + within,
                    )
                });
                if person.preferred_channel == PreferredChannel::Unknown
                    && asked.insert(person.id.as_str())
                {
                    let title = if person.role == Role::Receptionist {
                        format!(
                            "Ask {} whether mail, email or fax reaches them best",
                            person.name
                        )
                    } else {
                        format!(
                            "Ask the receptionist whether mail, email or fax reaches {} best",
                            person.name
                        )
                    };
                    self.push(Desired {
                        title,
                        reason: format!(
                            "You don't yet know how to reach {} for the thank-you note",
                            person.name
                        ),
                        channel: Some(Channel::Phone),
                        interviewer_id: Some(person.id.clone()),
                        ..self.interview_task(
                            RuleId::AskContactChannel,
                            key(RuleId::AskContactChannel, &[&person.id]),
                            iv,
                            business_hours(end + ask_after, self.tz),
                        )
                    });
                }
            }
            self.push(Desired {
                title: format!("Note what you learned about {} and its industry", iv.company),
                reason: format!(
                    "Your interview at {} on {day} is fresh: business trends and plans are worth writing down",
                    iv.company
                ),
                ..self.interview_task(
                    RuleId::RecordInsights,
                    key(RuleId::RecordInsights, &[&iv.id]),
                    iv,
                    end + insights_after,
                )
            });
        }
    }

    /// thank_you_second_channel and follow_up_call: after each thank-you marked done.
    fn after_thank_yous(&mut self) {
        let second_after = self
            .settings
            .hours(RuleId::ThankYouSecondChannel, "after_hours");
        let opens = self
            .settings
            .hours(RuleId::FollowUpCall, "window_opens_hours");
        let due = self.settings.hours(RuleId::FollowUpCall, "due_hours");
        let strengths = &self.facts.profile.strengths;
        let sent: Vec<&TaskFact> = self
            .facts
            .tasks
            .iter()
            .filter(|t| t.kind == RuleId::ThankYouNote.as_str() && t.is_done())
            .collect();
        for task in sent {
            let (Some(iv_id), Some(person_id), Some(sent_at)) = (
                task.interview_id.as_deref(),
                task.interviewer_id.as_deref(),
                task.completed_at,
            ) else {
                continue;
            };
            let (Some(iv), Some(person)) = (
                self.interviews.get(iv_id).copied(),
                self.people.get(person_id).copied(),
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
            if calls_them && !iv.outcome.is_final() {
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
                        "You sent your thank-you to {} on {day}; call 48 to 72 hours later, in business hours",
                        person.name
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
    fn position_calls(&mut self) {
        let live: Vec<&InterviewFact> = self.live().collect();
        for iv in &live {
            if iv.outcome.is_final() {
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
                            key(RuleId::DecisionCheck, &[&iv.id]),
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
                let later_exists = stage_rank(iv.stage).is_some_and(|rank| {
                    live.iter().any(|other| {
                        self.company_of(Some(&other.id)) == company
                            && stage_rank(other.stage).is_some_and(|r| r > rank)
                    })
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
                            key(RuleId::SecondInterviewCheck, &[&iv.id]),
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
            if iv.outcome.is_final() {
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
                .filter(|t| is_call(t))
                .filter_map(|t| t.completed_at)
                .max()
            else {
                continue;
            };
            let stamp = last_call.timestamp().to_string();
            let company_part = company.replace(':', " ");
            self.push(Desired {
                title: format!("Weekly check-in with {}: call about the {} position", iv.company, iv.position),
                reason: format!(
                    "Your last call to {} was on {}; once a week keeps you in mind without calling every day",
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

    /// reference_permission and reference_heads_up.
    fn references(&mut self) {
        let reminder = self
            .settings
            .days(RuleId::ReferencePermission, "reminder_days");
        let before = self.settings.days(RuleId::ReferenceHeadsUp, "days_before");
        let ask = |name: &str| {
            format!("Call {name} and ask permission to give their name, address and phone number")
        };
        for reference in &self.facts.references {
            let base = Desired {
                key: String::new(),
                rule: RuleId::ReferencePermission,
                title: ask(&reference.name),
                reason: String::new(),
                draft: None,
                channel: Some(Channel::Phone),
                not_before: None,
                due_at: self.now,
                interview_id: None,
                interviewer_id: None,
                reference_id: Some(reference.id.clone()),
                company: None,
            };
            match (reference.permission, reference.permission_asked_at) {
                (Permission::NotAsked, _) => self.push(Desired {
                    key: key(RuleId::ReferencePermission, &[&reference.id]),
                    reason: format!(
                        "Ask {} before you give their name to an employer, before your next application",
                        reference.name
                    ),
                    due_at: business_hours(reference.created_at, self.tz),
                    ..base
                }),
                (Permission::Requested, Some(asked)) => {
                    let again = asked + reminder;
                    if self.now >= again {
                        let stamp = asked.timestamp().to_string();
                        self.push(Desired {
                            key: key(RuleId::ReferencePermission, &[&reference.id, "again", &stamp]),
                            reason: format!(
                                "You asked {} on {} and have had no answer for {} days",
                                reference.name,
                                self.day(asked),
                                reminder.num_days()
                            ),
                            due_at: business_hours(again, self.tz),
                            ..base
                        });
                    } else {
                        self.wake_at(again);
                    }
                }
                (Permission::Granted, _) => {
                    for iv in self.live().collect::<Vec<_>>() {
                        let decisive = iv.stage == Stage::Final || iv.outcome == Outcome::OfferPending;
                        let key = key(RuleId::ReferenceHeadsUp, &[&reference.id, &iv.id]);
                        let wanted = !iv.outcome.is_final() || self.keys.contains(key.as_str());
                        if decisive && wanted {
                            self.push(Desired {
                                key,
                                rule: RuleId::ReferenceHeadsUp,
                                title: format!("Tell {} that {} may call", reference.name, iv.company),
                                reason: format!(
                                    "Your {} interview at {} is on {}; a reference who expects the call speaks better",
                                    iv.stage,
                                    iv.company,
                                    self.day(iv.scheduled_at)
                                ),
                                channel: None,
                                due_at: iv.scheduled_at - before,
                                interview_id: Some(iv.id.clone()),
                                company: Some(iv.company_key()),
                                ..base.clone()
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// keep_searching: weekly while a process is open and nothing new was added.
    fn searching(&mut self) {
        let interval = self.settings.days(RuleId::KeepSearching, "interval_days");
        let Some(open) = self
            .live()
            .filter(|iv| !iv.outcome.is_final())
            .max_by_key(|iv| (iv.created_at, iv.id.clone()))
        else {
            return;
        };
        let Some(newest) = self
            .facts
            .interviews
            .iter()
            .max_by_key(|iv| (iv.created_at, iv.id.clone()))
        else {
            return;
        };
        let threshold = newest.created_at + interval;
        if self.now < threshold {
            self.wake_at(threshold);
            return;
        }
        let weeks = (self.now - threshold).num_seconds() / interval.num_seconds().max(1);
        let due = threshold + interval * i32::try_from(weeks).unwrap_or(i32::MAX);
        self.wake_at(due + interval);
        let stamp = newest.created_at.timestamp().to_string();
        self.push(Desired {
            key: key(RuleId::KeepSearching, &[&stamp, &weeks.to_string()]),
            rule: RuleId::KeepSearching,
            title: "Keep searching: line up another application or interview".into(),
            reason: format!(
                "No interview added since {}; don't lose momentum while you wait to hear from {}",
                self.day(newest.created_at),
                open.company
            ),
            draft: None,
            channel: None,
            not_before: None,
            due_at: due,
            interview_id: None,
            interviewer_id: None,
            reference_id: None,
            company: None,
        });
    }

    /// business_circle after a final "no"; stay_visible after an accepted offer.
    fn outcomes(&mut self) {
        let circle_after = self.settings.days(RuleId::BusinessCircle, "after_days");
        let visible_every = self.settings.days(RuleId::StayVisible, "interval_days");
        for iv in self.facts.interviews.iter().filter(|iv| !iv.is_cancelled()) {
            let decided = iv.outcome_set_at.unwrap_or_else(|| iv.ends_at());
            match iv.outcome {
                Outcome::Rejected
                | Outcome::OfferDeclined
                | Outcome::Withdrawn
                | Outcome::PositionFilled => {
                    for person in self.attendees_of(&iv.id) {
                        if !matches!(person.role, Role::Interviewer | Role::Recruiter) {
                            continue;
                        }
                        self.push(Desired {
                            title: format!(
                                "Add {} to your business circle and ask for referrals",
                                with_title(&person.name, person.title.as_deref())
                            ),
                            reason: format!(
                                "The {} process at {} is over ({}), but {} remains a valuable contact",
                                iv.position,
                                iv.company,
                                iv.outcome.as_str().replace('_', " "),
                                person.name
                            ),
                            interviewer_id: Some(person.id.clone()),
                            ..self.interview_task(
                                RuleId::BusinessCircle,
                                key(RuleId::BusinessCircle, &[&iv.id, &person.id]),
                                iv,
                                decided + circle_after,
                            )
                        });
                    }
                }
                Outcome::OfferAccepted => {
                    let every = visible_every.num_seconds().max(1);
                    let month = (self.now - decided).num_seconds().max(0) / every;
                    let due =
                        decided + visible_every * i32::try_from(month + 1).unwrap_or(i32::MAX);
                    self.wake_at(due);
                    self.push(Desired {
                        title: "Stay visible: review your industry and the job market".into(),
                        reason: format!(
                            "You accepted {}'s offer on {}; staying informed helps you and others",
                            iv.company,
                            self.day(decided)
                        ),
                        ..self.interview_task(
                            RuleId::StayVisible,
                            key(RuleId::StayVisible, &[&iv.id, &month.to_string()]),
                            iv,
                            due,
                        )
                    });
                }
                _ => {}
            }
        }
    }

    /// The cadence guard: no two calls about a position to one company less than the check-in
    /// interval apart, counting calls already made. Follow-up calls right after a thank-you are
    /// exempt (one per interviewer), but the others keep their distance from them.
    fn space_calls(&mut self) {
        let spacing = self.settings.call_spacing();
        let mut anchors: HashMap<String, Vec<DateTime<Utc>>> = HashMap::new();
        for task in self.facts.tasks.iter().filter(|t| is_call(t)) {
            let company = self.company_of(task.interview_id.as_deref());
            if let (Some(company), Some(at)) = (company, task.completed_at) {
                anchors.entry(company.to_string()).or_default().push(at);
            }
        }
        for task in &self.tasks {
            if task.rule == RuleId::FollowUpCall
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
                let rule = self.tasks[i].rule;
                rule.is_position_call() && rule != RuleId::FollowUpCall
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

/// Tasks the plan no longer wants are cancelled; this says why.
pub fn cancel_reason(rule: Option<RuleId>, settings: &Settings) -> String {
    match rule {
        Some(rule) if !settings.enabled(rule) => "You switched this rule off".into(),
        Some(rule) => format!("No longer needed: {}", rule.spec().ends),
        None => "No longer needed".into(),
    }
}

/// Whether `status` may be reopened when its task is wanted again.
pub fn reopenable(status: TaskStatus) -> bool {
    status == TaskStatus::Cancelled
}
