//! What a plan is made of: the tasks it wants, each with the rule it comes from. Shared by the
//! catalogue's planner and the custom rules' so that neither imports the other.

use chrono::{DateTime, Utc};

use super::catalog::RuleId;
use crate::domain::enums::{Channel, TaskKind, TaskStatus};

/// The rule a planned task comes from: one of the catalogue, or one of the user's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleRef {
    BuiltIn(RuleId),
    /// A custom rule's id.
    Custom(String),
}

impl RuleRef {
    /// The task's `kind`: the catalogue id, or `custom`.
    pub fn kind(&self) -> TaskKind {
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
    /// The hiring process it belongs to: calls are spaced within it, and a scoped re-plan
    /// finds its tasks by it.
    pub application_id: Option<String>,
    pub interview_id: Option<String>,
    pub interviewer_id: Option<String>,
    pub reference_id: Option<String>,
}

impl Desired {
    /// A task of `rule` with nothing but its key and due time: the rules fill in the rest.
    pub fn new(rule: RuleRef, key: String, due_at: DateTime<Utc>) -> Self {
        Self {
            key,
            rule,
            title: String::new(),
            reason: String::new(),
            draft: None,
            channel: None,
            not_before: None,
            due_at,
            application_id: None,
            interview_id: None,
            interviewer_id: None,
            reference_id: None,
        }
    }
}

/// Whether `status` may be reopened when its task is wanted again.
pub fn reopenable(status: TaskStatus) -> bool {
    status == TaskStatus::Cancelled
}
