//! A user's rule settings: which rules are on and the numbers they use. Anything not set falls
//! back to the catalogue's default.

use std::collections::HashMap;

use chrono::Duration;

use super::catalog::{Param, RuleId};
use super::custom::CustomRule;

#[derive(Debug, Clone, Default)]
pub struct Settings {
    disabled: Vec<RuleId>,
    params: HashMap<Param, i64>,
    /// The user's own rules, deleted ones included (their names explain cancellations).
    pub custom: Vec<CustomRule>,
}

impl Settings {
    pub fn enabled(&self, rule: RuleId) -> bool {
        !self.disabled.contains(&rule)
    }

    pub fn set_enabled(&mut self, rule: RuleId, enabled: bool) {
        self.disabled.retain(|r| *r != rule);
        if !enabled {
            self.disabled.push(rule);
        }
    }

    /// The value of a parameter, or its default.
    pub fn param(&self, param: Param) -> i64 {
        self.params
            .get(&param)
            .copied()
            .unwrap_or(param.spec().default)
    }

    pub fn set_param(&mut self, param: Param, value: i64) {
        self.params.insert(param, value);
    }

    pub fn hours(&self, param: Param) -> Duration {
        Duration::hours(self.param(param))
    }

    pub fn days(&self, param: Param) -> Duration {
        Duration::days(self.param(param))
    }

    /// Minimum spacing of calls to one company: the weekly check-in interval.
    pub fn call_spacing(&self) -> Duration {
        self.days(Param::CheckInInterval)
    }

    /// What is wrong with the parameters taken together (each is within its bounds already):
    /// the parameter to name, and why.
    pub fn problems(&self) -> Vec<(Param, String)> {
        let mut problems = Vec::new();
        if self.param(Param::CallDue) < self.param(Param::CallWindowOpens) {
            problems.push((
                Param::CallDue,
                format!("must not be before {}", Param::CallWindowOpens.spec().name),
            ));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let mut s = Settings::default();
        assert!(s.enabled(RuleId::ThankYouNote));
        assert_eq!(s.param(Param::ThankYouWithin), 24);
        s.set_param(Param::ThankYouWithin, 12);
        s.set_enabled(RuleId::KeepSearching, false);
        assert_eq!(s.hours(Param::ThankYouWithin), Duration::hours(12));
        assert!(s.problems().is_empty());
        s.set_param(Param::CallDue, 24);
        assert_eq!(s.problems()[0].0, Param::CallDue);
        assert!(!s.enabled(RuleId::KeepSearching));
        s.set_enabled(RuleId::KeepSearching, true);
        assert!(s.enabled(RuleId::KeepSearching));
        assert_eq!(s.call_spacing(), Duration::days(7));
    }
}
