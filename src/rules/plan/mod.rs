//! `plan(facts, settings, now)`: the follow-up tasks a user should have, as a pure function.
//!
//! Level-triggered: the plan depends only on the facts and the time, never on having seen an
//! event, so running it twice, late, or on two servers gives the same answer. Besides the tasks
//! it returns the next instant at which time alone can change the answer (`next_wake`), so the
//! ticker can leave everyone else alone.

mod calls;
mod interviews;
mod later;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::catalog::{Param, RuleId};
use super::draft::{self, local_day, sentence_list};
use super::settings::Settings;
use super::time::{business_days_before, business_hours, end_of_day, next_business_morning};
use crate::domain::enums::{
    Channel, Outcome, Permission, PreferredChannel, Role, Stage, TaskStatus,
};
use crate::domain::facts::{Facts, InterviewFact, PersonFact, ReferenceFact, TaskFact};

/// The rule a planned task comes from: one of the catalogue, or one of the user's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleRef {
    BuiltIn(RuleId),
    /// A custom rule's id.
    Custom(String),
}

impl RuleRef {
    /// The task's `kind`: the catalogue id, or `custom`.
    pub fn kind(&self) -> crate::domain::enums::TaskKind {
        use crate::domain::enums::TaskKind;
        match self {
            Self::BuiltIn(rule) => TaskKind::Rule(*rule),
            Self::Custom(_) => TaskKind::Custom,
        }
    }

    /// The task's `rule_id`.
    pub fn id(&self) -> &str {
        match self {
            Self::BuiltIn(rule) => rule.as_str(),
            Self::Custom(id) => id,
        }
    }

    pub fn built_in(&self) -> Option<RuleId> {
        match self {
            Self::BuiltIn(rule) => Some(*rule),
            Self::Custom(_) => None,
        }
    }

    pub fn is_position_call(&self) -> bool {
        self.built_in().is_some_and(RuleId::is_position_call)
    }
}

impl PartialEq<RuleId> for RuleRef {
    fn eq(&self, other: &RuleId) -> bool {
        self.built_in() == Some(*other)
    }
}

/// A task the plan wants to exist, identified by its `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desired {
    pub key: String,
    pub rule: RuleRef,
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

/// A rule of the catalogue as the planner runs it: what it plans, from the facts and its own
/// typed parameters. Switched off, it does not run.
struct Unit {
    id: RuleId,
    plan: fn(&mut Planner<'_>),
}

/// Every built-in rule, in the catalogue's order (a test keeps it so).
const UNITS: &[Unit] = &[
    Unit {
        id: RuleId::ClosingQuestions,
        plan: |p| p.closing_questions(),
    },
    Unit {
        id: RuleId::CollectNames,
        plan: |p| p.collect_names(),
    },
    Unit {
        id: RuleId::AskContactChannel,
        plan: |p| p.ask_contact_channel(),
    },
    Unit {
        id: RuleId::ThankYouNote,
        plan: |p| p.thank_you_notes(),
    },
    Unit {
        id: RuleId::ThankYouSecondChannel,
        plan: |p| p.second_channel(),
    },
    Unit {
        id: RuleId::FollowUpCall,
        plan: |p| p.follow_up_call(),
    },
    Unit {
        id: RuleId::DecisionCheck,
        plan: |p| p.decision_check(),
    },
    Unit {
        id: RuleId::SecondInterviewCheck,
        plan: |p| p.second_interview_check(),
    },
    Unit {
        id: RuleId::WeeklyCheckIn,
        plan: |p| p.weekly_check_in(),
    },
    Unit {
        id: RuleId::ReferencePermission,
        plan: |p| p.reference_permission(),
    },
    Unit {
        id: RuleId::ReferenceHeadsUp,
        plan: |p| p.reference_heads_up(),
    },
    Unit {
        id: RuleId::KeepSearching,
        plan: |p| p.keep_searching(),
    },
    Unit {
        id: RuleId::BusinessCircle,
        plan: |p| p.business_circle(),
    },
    Unit {
        id: RuleId::RecordInsights,
        plan: |p| p.record_insights(),
    },
    Unit {
        id: RuleId::StayVisible,
        plan: |p| p.stay_visible(),
    },
    Unit {
        id: RuleId::WithdrawCourteously,
        plan: |p| p.withdraw_courteously(),
    },
];

/// The built-in rules and the user's own, planned the same way: each unit that is on, then the
/// cadence guard over the calls of all of them, then the custom rules.
pub fn plan(facts: &Facts, settings: &Settings, now: DateTime<Utc>) -> Plan {
    let mut planner = Planner::new(facts, settings, now);
    for unit in UNITS {
        if settings.enabled(unit.id) {
            (unit.plan)(&mut planner);
        }
    }
    planner.space_calls();
    let lookup = Lookup {
        interviews: &planner.interviews,
        attendees: &planner.attendees,
    };
    let (custom, wake) = super::custom::plan(facts, &lookup, &settings.custom, now);
    planner.tasks.extend(custom);
    if let Some(wake) = wake {
        planner.wake_at(wake);
    }
    planner
        .tasks
        .sort_by(|a, b| (a.due_at, &a.key).cmp(&(b.due_at, &b.key)));
    Plan {
        tasks: planner.tasks,
        next_wake: planner.wake,
    }
}

#[cfg(test)]
#[test]
fn every_rule_of_the_catalogue_is_a_unit_in_its_order() {
    let ids: Vec<RuleId> = UNITS.iter().map(|u| u.id).collect();
    assert_eq!(ids, RuleId::ALL);
}

/// The planner's indexes of the facts, lent to the custom rules' planner so it builds none.
pub struct Lookup<'a, 'b> {
    pub interviews: &'b HashMap<&'a str, &'a InterviewFact>,
    /// Attendees of each interview, in id order.
    pub attendees: &'b HashMap<&'a str, Vec<&'a PersonFact>>,
}

struct Planner<'a> {
    facts: &'a Facts,
    settings: &'a Settings,
    now: DateTime<Utc>,
    tz: Tz,
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

/// When the user was last in touch with a company through `task`, if it was a contact: a call
/// about the position done on any channel (phone, email, mail, in person) or skipped, or a task
/// of their own done with a channel (a contact they logged). A skipped one counts at its due
/// time: the series goes on from the week it stood for. Thank-you notes are not follow-ups.
fn contact_at(task: &TaskFact) -> Option<DateTime<Utc>> {
    if task.deleted {
        return None;
    }
    match (RuleId::parse(&task.kind), task.status) {
        (Some(rule), TaskStatus::Done) if rule.is_position_call() => task.completed_at,
        (Some(rule), TaskStatus::Skipped) if rule.is_position_call() => {
            task.completed_at.or(task.due_at)
        }
        (None, TaskStatus::Done) if task.completion_channel.is_some() => task.completed_at,
        _ => None,
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
        if task
            .rule
            .built_in()
            .is_none_or(|rule| self.settings.enabled(rule))
        {
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

    fn interview_task(
        &self,
        rule: RuleId,
        key: String,
        iv: &InterviewFact,
        due: DateTime<Utc>,
    ) -> Desired {
        Desired {
            key,
            rule: RuleRef::BuiltIn(rule),
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
}

/// Whether `status` may be reopened when its task is wanted again.
pub fn reopenable(status: TaskStatus) -> bool {
    status == TaskStatus::Cancelled
}
