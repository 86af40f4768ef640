//! The rule engine: turns a user's interviews, people, references and tasks into dated
//! follow-up tasks (RULES.md).
//!
//! `plan` is pure (facts in, desired tasks out); `reconcile` loads the facts, plans and writes
//! the difference; `ticker` re-plans users whose plan can change with time alone.

pub mod catalog;
pub mod draft;
pub mod facts;
pub mod plan;
pub mod proofread;
pub mod reconcile;
pub mod settings;
pub mod ticker;
pub mod time;

pub use catalog::RuleId;
pub use plan::{Desired, Plan, plan};
pub use reconcile::{after_write, planned_write, reconcile};
pub use settings::Settings;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
