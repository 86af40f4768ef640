//! What the planner knows of one user: plain values, loaded by `store::facts` and built by hand
//! in the engine's tests. No database or HTTP types here.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::UserFields;
use crate::domain::enums::{
    Channel, Interest, InterviewFormat, InterviewStatus, Outcome, Permission, PreferredChannel,
    Role, Stage, TaskStatus,
};

#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub time_zone: Tz,
    pub strengths: Vec<String>,
}

/// One hiring process: one position at one employer. What every round of it shares lives here.
#[derive(Debug, Clone)]
pub struct ApplicationFact {
    pub id: String,
    pub company: String,
    pub position: String,
    /// The employer's time zone, when the user gave it: calls and dates follow it.
    pub time_zone: Option<Tz>,
    pub applied_on: Option<NaiveDate>,
    pub outcome: Outcome,
    pub outcome_set_at: Option<DateTime<Utc>>,
    pub interest: Interest,
    pub decision_expected_on: Option<NaiveDate>,
    pub second_interview_expected_on: Option<NaiveDate>,
    /// The strengths to restate for this job; empty: the profile's.
    pub strengths: Vec<String>,
    /// Days between check-ins for this employer; `None`: the user's setting.
    pub check_in_interval_days: Option<i64>,
    /// The references given for it.
    pub references: Vec<String>,
    pub created_at: DateTime<Utc>,
}

impl ApplicationFact {
    /// The user said they do not want this job: thank them anyway, but do not chase it.
    pub fn unwanted(&self) -> bool {
        self.interest == Interest::No
    }

    /// The process is over: accepted, declined, rejected, withdrawn or filled.
    pub fn is_closed(&self) -> bool {
        self.outcome.is_final()
    }

    /// The process goes on and the user wants it: what calls chase.
    pub fn is_chased(&self) -> bool {
        !self.is_closed() && !self.unwanted()
    }
}

/// One round of an application. `company` and `position` are its application's, for the text
/// of its tasks.
#[derive(Debug, Clone)]
pub struct InterviewFact {
    pub id: String,
    pub application_id: String,
    pub company: String,
    pub position: String,
    pub stage: Stage,
    pub format: InterviewFormat,
    pub scheduled_at: DateTime<Utc>,
    pub duration_minutes: i64,
    pub status: InterviewStatus,
    pub created_at: DateTime<Utc>,
}

impl InterviewFact {
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.scheduled_at + Duration::minutes(self.duration_minutes)
    }

    /// Completed, or past its scheduled end and not cancelled.
    pub fn has_ended(&self, now: DateTime<Utc>) -> bool {
        match self.status {
            InterviewStatus::Completed => true,
            InterviewStatus::Cancelled => false,
            InterviewStatus::Scheduled => self.ends_at() <= now,
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == InterviewStatus::Cancelled
    }
}

pub fn company_key(company: &str) -> String {
    company
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Debug, Clone)]
pub struct PersonFact {
    pub id: String,
    pub name: String,
    /// How a letter greets them ("Dr. Raman"); `None`: by their full name.
    pub salutation: Option<String>,
    pub title: Option<String>,
    pub role: Role,
    pub preferred_channel: PreferredChannel,
    pub notes: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ReferenceFact {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub company: Option<String>,
    pub permission: Permission,
    pub permission_asked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A task as the planner needs it: generated ones by key, and every completed call.
#[derive(Debug, Clone)]
pub struct TaskFact {
    pub id: String,
    pub kind: String,
    pub dedupe_key: Option<String>,
    pub title: String,
    pub reason: Option<String>,
    pub draft: Option<String>,
    pub channel: Option<Channel>,
    pub not_before: Option<DateTime<Utc>>,
    /// What the user changed on this task: the plan leaves those fields alone.
    pub user_fields: UserFields,
    pub status: TaskStatus,
    pub interview_id: Option<String>,
    pub interviewer_id: Option<String>,
    pub reference_id: Option<String>,
    pub application_id: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub completion_channel: Option<Channel>,
    pub deleted: bool,
}

impl TaskFact {
    pub fn is_done(&self) -> bool {
        self.status == TaskStatus::Done && !self.deleted
    }
}

#[derive(Debug, Clone)]
pub struct Facts {
    pub profile: Profile,
    pub applications: Vec<ApplicationFact>,
    pub interviews: Vec<InterviewFact>,
    pub people: Vec<PersonFact>,
    /// (interview id, person id)
    pub attendance: Vec<(String, String)>,
    /// What was discussed at an attendance, written for the person: (interview id, person id).
    pub discussed: BTreeMap<(String, String), String>,
    pub references: Vec<ReferenceFact>,
    pub tasks: Vec<TaskFact>,
}

impl Facts {
    pub fn person(&self, id: &str) -> Option<&PersonFact> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn interview(&self, id: &str) -> Option<&InterviewFact> {
        self.interviews.iter().find(|i| i.id == id)
    }

    pub fn application(&self, id: &str) -> Option<&ApplicationFact> {
        self.applications.iter().find(|a| a.id == id)
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.tasks
            .iter()
            .any(|t| t.dedupe_key.as_deref() == Some(key))
    }
}
