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

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::catalog::{Param, RuleId};
use super::desired::{Desired, RuleRef};
use super::draft::{self, local_day, sentence_list};
use super::index::Index;
use super::settings::Settings;
use super::time::{business_days_before, business_hours, end_of_day, next_business_morning};
use crate::domain::enums::{
    Channel, Outcome, Permission, PreferredChannel, Role, Stage, TaskStatus,
};
use crate::domain::facts::{
    ApplicationFact, Facts, InterviewFact, PersonFact, ReferenceFact, TaskFact,
};

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub tasks: Vec<Desired>,
    /// What new or edited custom rules would have made already long overdue, and did not.
    pub skipped: Vec<Desired>,
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
    let custom = super::custom::plan(facts, &planner.idx, &settings.custom, now);
    planner.tasks.extend(custom.tasks);
    let skipped = custom.skipped;
    if let Some(wake) = custom.wake {
        planner.wake_at(wake);
    }
    planner
        .tasks
        .sort_by(|a, b| (a.due_at, &a.key).cmp(&(b.due_at, &b.key)));
    Plan {
        tasks: planner.tasks,
        skipped,
        next_wake: planner.wake,
    }
}

#[cfg(test)]
#[test]
fn every_rule_of_the_catalogue_is_a_unit_in_its_order() {
    let ids: Vec<RuleId> = UNITS.iter().map(|u| u.id).collect();
    assert_eq!(ids, RuleId::ALL);
}

struct Planner<'a> {
    facts: &'a Facts,
    settings: &'a Settings,
    now: DateTime<Utc>,
    idx: Index<'a>,
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
        Self {
            facts,
            settings,
            now,
            idx: Index::new(facts),
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

    /// A day as a reason names it, where the application's business happens.
    fn day(&self, app: &ApplicationFact, at: DateTime<Utc>) -> String {
        local_day(at, self.idx.tz_of(app))
    }

    /// The live interviews with their applications, in id order.
    fn live(&self) -> Vec<(&'a ApplicationFact, &'a InterviewFact)> {
        let idx = &self.idx;
        self.facts
            .interviews
            .iter()
            .filter(|iv| !iv.is_cancelled())
            .filter_map(|iv| Some((idx.application_of(iv)?, iv)))
            .collect()
    }

    /// The applications, in the order the facts hold them.
    fn applications(&self) -> &'a [ApplicationFact] {
        &self.facts.applications
    }

    /// The days between calls about `app`: its own interval, else the user's.
    fn interval(&self, app: &ApplicationFact) -> Duration {
        app.check_in_interval_days
            .map_or_else(|| self.settings.call_spacing(), Duration::days)
    }

    /// A task about one round of an application.
    fn interview_task(
        &self,
        rule: RuleId,
        key: String,
        iv: &InterviewFact,
        due: DateTime<Utc>,
    ) -> Desired {
        Desired {
            interview_id: Some(iv.id.clone()),
            application_id: Some(iv.application_id.clone()),
            ..Desired::new(RuleRef::BuiltIn(rule), key, due)
        }
    }

    /// A task about an application as a whole.
    fn application_task(
        &self,
        rule: RuleId,
        key: String,
        app: &ApplicationFact,
        due: DateTime<Utc>,
    ) -> Desired {
        Desired {
            application_id: Some(app.id.clone()),
            ..Desired::new(RuleRef::BuiltIn(rule), key, due)
        }
    }
}
