//! A user's rule settings: which rules are on and the numbers they use. Anything not set falls
//! back to the catalogue's default.

use std::collections::HashMap;

use chrono::Duration;

use super::catalog::RuleId;
use super::custom::CustomRule;

#[derive(Debug, Clone, Default)]
pub struct Settings {
    disabled: Vec<RuleId>,
    params: HashMap<(RuleId, String), i64>,
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

    /// The value of a parameter, or its default; 0 for a name the rule does not have.
    pub fn param(&self, rule: RuleId, name: &str) -> i64 {
        self.params
            .get(&(rule, name.to_string()))
            .copied()
            .or_else(|| rule.spec().param(name).map(|p| p.default))
            .unwrap_or(0)
    }

    pub fn set_param(&mut self, rule: RuleId, name: &str, value: i64) {
        self.params.insert((rule, name.to_string()), value);
    }

    pub fn hours(&self, rule: RuleId, name: &str) -> Duration {
        Duration::hours(self.param(rule, name))
    }

    pub fn days(&self, rule: RuleId, name: &str) -> Duration {
        Duration::days(self.param(rule, name))
    }

    /// Minimum spacing of calls to one company: the weekly check-in interval.
    pub fn call_spacing(&self) -> Duration {
        self.days(RuleId::WeeklyCheckIn, "check_in_interval_days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let mut s = Settings::default();
        assert!(s.enabled(RuleId::ThankYouNote));
        assert_eq!(s.param(RuleId::ThankYouNote, "thank_you_within_hours"), 24);
        s.set_param(RuleId::ThankYouNote, "thank_you_within_hours", 12);
        s.set_enabled(RuleId::KeepSearching, false);
        assert_eq!(
            s.hours(RuleId::ThankYouNote, "thank_you_within_hours"),
            Duration::hours(12)
        );
        assert!(!s.enabled(RuleId::KeepSearching));
        s.set_enabled(RuleId::KeepSearching, true);
        assert!(s.enabled(RuleId::KeepSearching));
        assert_eq!(s.call_spacing(), Duration::days(7));
    }
}
