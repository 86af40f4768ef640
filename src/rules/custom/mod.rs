//! Custom rules (RULES.md, "Custom rules"): one declarative shape a user or a plugin defines —
//! *when* a trigger fires, *for each* application, interview, person or reference that passes
//! a filter,
//! a task titled from a template, due at an ISO 8601 offset from the trigger's time. Planned by
//! the same engine as the catalogue's rules, with the same keys and guarantees.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::domain::facts::company_key;

mod definition;
mod offset;
mod plan;
mod template;

pub use definition::{
    COMPANIES_MAX, DESCRIPTION_MAX, Definition, Filter, TITLE_MAX, Target, Trigger,
};
pub use offset::Offset;
pub use plan::{CustomPlan, OVERDUE_GRACE, plan};
pub use template::Template;
pub use template::Values;

/// A user's custom rule as the planner reads it: validated, ready to plan from.
#[derive(Debug, Clone)]
pub struct CustomRule {
    pub id: String,
    pub definition: Definition,
    pub title: Template,
    pub description: Option<Template>,
    pub offset: Offset,
    /// The filter's companies as the planner compares them (`company_key`), made once.
    pub companies: HashSet<String>,
    pub enabled: bool,
    /// Deleted rules stay known by name, for the reason their open tasks were cancelled.
    pub deleted: bool,
    /// When the rule was made or last changed: it creates no task already overdue by more than
    /// `OVERDUE_GRACE` then.
    pub since: DateTime<Utc>,
}

impl CustomRule {
    /// The rule from its stored definition; an error names what is wrong with it.
    pub fn new(
        id: String,
        definition: Definition,
        enabled: bool,
        deleted: bool,
        since: DateTime<Utc>,
    ) -> Result<Self, Vec<(String, String)>> {
        let (title, description, offset) = definition.validate()?;
        let companies = definition
            .filter
            .company
            .iter()
            .map(|c| company_key(c))
            .collect();
        Ok(Self {
            id,
            companies,
            definition,
            title,
            description,
            offset,
            enabled,
            deleted,
            since,
        })
    }

    pub fn is_live(&self) -> bool {
        self.enabled && !self.deleted
    }

    /// The start of the keys of the tasks this rule creates.
    pub fn key_prefix(&self) -> String {
        format!("custom:{}:", self.id)
    }
}

/// The custom rule id in a task key made by `CustomRule::key_prefix`.
pub fn rule_of_key(key: &str) -> Option<&str> {
    key.strip_prefix("custom:")?.split(':').next()
}
