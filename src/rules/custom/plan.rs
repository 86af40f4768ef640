//! Planning custom rules: for each live rule, the trigger's occurrences in the facts, filtered,
//! each a task due at its time plus the offset. Level-triggered like the catalogue: a trigger
//! still to come (an interview not yet over) only sets the next wake.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::CustomRule;
use super::definition::{DESCRIPTION_MAX, TITLE_MAX, Target, Trigger};
use super::template::Values;
use crate::domain::enums::Outcome;
use crate::domain::facts::{Facts, InterviewFact, PersonFact};
use crate::rules::catalog::RuleId;
use crate::rules::plan::{Desired, Lookup, RuleRef};
use crate::rules::time::business_hours;

/// The tasks `rules` want for `facts` at `now`, and the next instant time alone changes that.
pub fn plan<'a>(
    facts: &'a Facts,
    lookup: &Lookup<'a, '_>,
    rules: &[CustomRule],
    now: DateTime<Utc>,
) -> (Vec<Desired>, Option<DateTime<Utc>>) {
    let mut planner = Custom {
        facts,
        lookup,
        now,
        tz: facts.profile.time_zone,
        // Once per interview, not once per rule and filter entry.
        company_keys: facts
            .interviews
            .iter()
            .map(|iv| (iv.id.as_str(), iv.company_key()))
            .collect(),
        tasks: Vec::new(),
        wake: None,
    };
    for rule in rules.iter().filter(|r| r.is_live()) {
        planner.rule(rule);
    }
    (planner.tasks, planner.wake)
}

struct Custom<'a, 'b> {
    facts: &'a Facts,
    lookup: &'b Lookup<'a, 'b>,
    now: DateTime<Utc>,
    tz: Tz,
    company_keys: HashMap<&'a str, String>,
    tasks: Vec<Desired>,
    wake: Option<DateTime<Utc>>,
}

/// One firing of a trigger: when, and for what.
struct Occurrence<'a> {
    at: DateTime<Utc>,
    interview: Option<&'a InterviewFact>,
    /// The person thanked, for `thank_you_sent`.
    person: Option<&'a str>,
    reference: Option<usize>,
}

impl<'a> Custom<'a, '_> {
    fn wake_at(&mut self, at: DateTime<Utc>) {
        if at > self.now && self.wake.is_none_or(|w| at < w) {
            self.wake = Some(at);
        }
    }

    fn occurrences(&mut self, trigger: Trigger) -> Vec<Occurrence<'a>> {
        let facts = self.facts;
        let live = facts.interviews.iter().filter(|i| !i.is_cancelled());
        let on = |iv: &'a InterviewFact, at| Occurrence {
            at,
            interview: Some(iv),
            person: None,
            reference: None,
        };
        match trigger {
            Trigger::InterviewScheduled => live.map(|iv| on(iv, iv.scheduled_at)).collect(),
            Trigger::InterviewEnded => {
                let mut out = Vec::new();
                for iv in live {
                    if iv.has_ended(self.now) {
                        out.push(on(iv, iv.ends_at()));
                    } else {
                        self.wake_at(iv.ends_at());
                    }
                }
                out
            }
            Trigger::OutcomeSet => live
                .filter(|iv| iv.outcome != Outcome::Pending)
                .filter_map(|iv| Some(on(iv, iv.outcome_set_at?)))
                .collect(),
            Trigger::ThankYouSent => facts
                .tasks
                .iter()
                .filter(|t| t.kind == RuleId::ThankYouNote.as_str() && t.is_done())
                .filter_map(|t| {
                    let iv = self
                        .lookup
                        .interviews
                        .get(t.interview_id.as_deref()?)
                        .copied()
                        .filter(|iv| !iv.is_cancelled())?;
                    Some(Occurrence {
                        at: t.completed_at?,
                        interview: Some(iv),
                        person: t.interviewer_id.as_deref(),
                        reference: None,
                    })
                })
                .collect(),
            Trigger::ReferenceAdded => (0..facts.references.len())
                .map(|i| Occurrence {
                    at: facts.references[i].created_at,
                    interview: None,
                    person: None,
                    reference: Some(i),
                })
                .collect(),
        }
    }

    fn passes(&self, rule: &CustomRule, iv: &InterviewFact) -> bool {
        let filter = &rule.definition.filter;
        (filter.stage.is_empty() || filter.stage.contains(&iv.stage))
            && (filter.outcome.is_empty() || filter.outcome.contains(&iv.outcome))
            && (rule.companies.is_empty()
                || self
                    .company_keys
                    .get(iv.id.as_str())
                    .is_some_and(|key| rule.companies.contains(key)))
    }

    fn rule(&mut self, rule: &CustomRule) {
        let definition = &rule.definition;
        let mut occurrences = self.occurrences(definition.trigger);
        // The first occurrence of each target counts: two notes sent to one person make one task.
        occurrences.sort_by_key(|o| o.at);
        let mut seen = std::collections::HashSet::new();
        for occurrence in occurrences {
            if let Some(iv) = occurrence.interview
                && !self.passes(rule, iv)
            {
                continue;
            }
            match definition.target {
                Target::Interview => {
                    let Some(iv) = occurrence.interview else {
                        continue;
                    };
                    if seen.insert(iv.id.clone()) {
                        self.push(rule, &occurrence, iv.id.clone(), None);
                    }
                }
                Target::Person => {
                    let Some(iv) = occurrence.interview else {
                        continue;
                    };
                    // Those who attend the interview (for a thank-you, the one thanked, if
                    // they still do: a person detached from it leaves its plan).
                    let lookup = self.lookup;
                    let people = lookup.attendees.get(iv.id.as_str()).into_iter().flatten();
                    for &p in people.filter(|p| occurrence.person.is_none_or(|t| t == p.id)) {
                        let role = &definition.filter.role;
                        if (role.is_empty() || role.contains(&p.role))
                            && seen.insert(format!("{}:{}", iv.id, p.id))
                        {
                            self.push(rule, &occurrence, format!("{}:{}", iv.id, p.id), Some(p));
                        }
                    }
                }
                Target::Reference => {
                    let Some(i) = occurrence.reference else {
                        continue;
                    };
                    let id = self.facts.references[i].id.clone();
                    if seen.insert(id.clone()) {
                        self.push(rule, &occurrence, id, None);
                    }
                }
            }
        }
    }

    fn push(
        &mut self,
        rule: &CustomRule,
        occurrence: &Occurrence<'a>,
        target: String,
        person: Option<&PersonFact>,
    ) {
        let definition = &rule.definition;
        let reference = occurrence.reference.map(|i| &self.facts.references[i]);
        let values = Values {
            company: occurrence
                .interview
                .map(|iv| iv.company.as_str())
                .or_else(|| reference.and_then(|r| r.company.as_deref())),
            position: occurrence.interview.map(|iv| iv.position.as_str()),
            name: person
                .map(|p| p.name.as_str())
                .or_else(|| reference.map(|r| r.name.as_str())),
            title: person
                .and_then(|p| p.title.as_deref())
                .or_else(|| reference.and_then(|r| r.title.as_deref())),
        };
        let mut due = occurrence.at + rule.offset.0;
        if definition.business_hours {
            due = business_hours(due, self.tz);
        }
        let mut reason = format!("Your rule \"{}\"", definition.name.trim());
        if let Some(description) = &rule.description {
            let text = description.render(&values, DESCRIPTION_MAX);
            if !text.is_empty() {
                reason = format!("{reason}: {text}");
            }
        }
        self.tasks.push(Desired {
            key: format!("{}{target}", rule.key_prefix()),
            rule: RuleRef::Custom(rule.id.clone()),
            title: rule.title.render(&values, TITLE_MAX),
            reason,
            draft: None,
            channel: definition.channel,
            not_before: None,
            due_at: due,
            interview_id: occurrence.interview.map(|iv| iv.id.clone()),
            interviewer_id: person.map(|p| p.id.clone()),
            reference_id: reference.map(|r| r.id.clone()),
            company: occurrence
                .interview
                .and_then(|iv| self.company_keys.get(iv.id.as_str()).cloned()),
        });
    }
}
