//! The rule engine: turns a user's applications, interviews, people, references and tasks into
//! dated follow-up tasks (RULES.md).
//!
//! `plan` is pure (facts in, desired tasks out). Loading the facts and writing the difference
//! (`service::reconcile`) and re-planning as time passes (`service::ticker`) are the service's.

pub mod catalog;
pub mod custom;
pub mod desired;
pub mod draft;
pub mod ended;
pub mod index;
mod phrases;
pub mod plan;
pub mod scope;
pub mod settings;
pub mod time;

pub use catalog::RuleId;
pub use desired::{Desired, RuleRef, reopenable};
pub use plan::{Plan, plan};
pub use settings::Settings;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
