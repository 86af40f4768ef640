//! Planning custom rules: for each live rule, the trigger's occurrences in the facts, filtered,
//! each a task due at its time plus the offset. Level-triggered like the catalogue: a trigger
//! still to come (an interview not yet over) only sets the next wake.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::CustomRule;
use super::definition::{DESCRIPTION_MAX, TITLE_MAX, Target, Trigger};
use super::template::Values;
use crate::domain::enums::Outcome;
use crate::domain::facts::{
    ApplicationFact, Facts, InterviewFact, PersonFact, ReferenceFact, company_key,
};
use crate::rules::catalog::RuleId;
use crate::rules::desired::{Desired, RuleRef};
use crate::rules::index::Index;
use crate::rules::time::{business_hours, business_hours_before, opening};

/// How overdue a task of a new or edited rule may be and still be made: older ones are what the
/// rule would have asked long ago, not something to do now.
pub const OVERDUE_GRACE: Duration = Duration::hours(24);

/// What the custom rules want: their tasks, those left out as long overdue, and the next instant
/// time alone changes that.
#[derive(Debug, Default)]
pub struct CustomPlan {
    pub tasks: Vec<Desired>,
    /// Tasks a new or edited rule would have made already more than `OVERDUE_GRACE` overdue.
    pub skipped: Vec<Desired>,
    pub wake: Option<DateTime<Utc>>,
}

pub fn plan(
    facts: &Facts,
    idx: &Index<'_>,
    rules: &[CustomRule],
    now: DateTime<Utc>,
) -> CustomPlan {
    let mut planner = Custom {
        facts,
        idx,
        now,
        out: CustomPlan::default(),
    };
    for rule in rules.iter().filter(|r| r.is_live()) {
        planner.rule(rule);
    }
    planner.out
}

struct Custom<'a, 'b> {
    facts: &'a Facts,
    idx: &'b Index<'a>,
    now: DateTime<Utc>,
    out: CustomPlan,
}

/// One firing of a trigger: when, and for what.
struct Occurrence<'a> {
    at: DateTime<Utc>,
    application: Option<&'a ApplicationFact>,
    interview: Option<&'a InterviewFact>,
    /// The person thanked, for `thank_you_sent`.
    person: Option<&'a str>,
    reference: Option<&'a ReferenceFact>,
}

/// What one task of a rule is for.
enum Subject<'a> {
    Application,
    Interview(&'a InterviewFact),
    Person(&'a InterviewFact, &'a PersonFact),
    Reference(&'a ReferenceFact),
}

impl<'a, 'b> Custom<'a, 'b> {
    fn wake_at(&mut self, at: DateTime<Utc>) {
        if at > self.now && self.out.wake.is_none_or(|w| at < w) {
            self.out.wake = Some(at);
        }
    }

    fn of_application(app: &'a ApplicationFact, at: DateTime<Utc>) -> Occurrence<'a> {
        Occurrence {
            at,
            application: Some(app),
            interview: None,
            person: None,
            reference: None,
        }
    }

    fn of_interview(&self, iv: &'a InterviewFact, at: DateTime<Utc>) -> Option<Occurrence<'a>> {
        Some(Occurrence {
            interview: Some(iv),
            ..Self::of_application(self.idx.application_of(iv)?, at)
        })
    }

    fn occurrences(&mut self, trigger: Trigger) -> Vec<Occurrence<'a>> {
        let facts = self.facts;
        let idx = self.idx;
        let apps = facts.applications.iter();
        let live = facts.interviews.iter().filter(|i| !i.is_cancelled());
        // A date of the application counts from the start of business that day, where it is.
        let morning = |app: &'a ApplicationFact, date| opening(date, idx.tz_of(app));
        match trigger {
            Trigger::ApplicationSaved => apps
                .map(|a| Self::of_application(a, a.created_at))
                .collect(),
            Trigger::Applied => apps
                .filter_map(|a| Some(Self::of_application(a, morning(a, a.applied_on?))))
                .collect(),
            Trigger::DecisionExpected => apps
                .filter_map(|a| Some(Self::of_application(a, morning(a, a.decision_expected_on?))))
                .collect(),
            Trigger::OutcomeSet => apps
                .filter(|a| a.outcome != Outcome::Pending)
                .filter_map(|a| Some(Self::of_application(a, a.outcome_set_at?)))
                .collect(),
            Trigger::InterviewScheduled => live
                .filter_map(|iv| self.of_interview(iv, iv.scheduled_at))
                .collect(),
            Trigger::InterviewEnded => {
                let mut out = Vec::new();
                for iv in live {
                    if iv.has_ended(self.now) {
                        out.extend(self.of_interview(iv, iv.ends_at()));
                    } else {
                        self.wake_at(iv.ends_at());
                    }
                }
                out
            }
            Trigger::ThankYouSent => facts
                .tasks
                .iter()
                .filter(|t| t.kind == RuleId::ThankYouNote.as_str() && t.is_done())
                .filter_map(|t| {
                    let iv = idx
                        .interviews
                        .get(t.interview_id.as_deref()?)
                        .copied()
                        .filter(|iv| !iv.is_cancelled())?;
                    Some(Occurrence {
                        person: t.interviewer_id.as_deref(),
                        ..self.of_interview(iv, t.completed_at?)?
                    })
                })
                .collect(),
            Trigger::ReferenceAdded => facts
                .references
                .iter()
                .map(|r| Occurrence {
                    at: r.created_at,
                    application: None,
                    interview: None,
                    person: None,
                    reference: Some(r),
                })
                .collect(),
        }
    }

    /// The rounds an occurrence stands for: its interview, else every live round of its
    /// application.
    fn rounds(&self, occurrence: &Occurrence<'a>) -> Vec<&'a InterviewFact> {
        match (occurrence.interview, occurrence.application) {
            (Some(iv), _) => vec![iv],
            (None, Some(app)) => self.idx.rounds_of(&app.id).to_vec(),
            (None, None) => Vec::new(),
        }
    }

    fn passes(rule: &CustomRule, app: &ApplicationFact, rounds: &[&InterviewFact]) -> bool {
        let filter = &rule.definition.filter;
        (filter.stage.is_empty() || rounds.iter().any(|r| filter.stage.contains(&r.stage)))
            && (filter.outcome.is_empty() || filter.outcome.contains(&app.outcome))
            && (rule.companies.is_empty() || rule.companies.contains(&company_key(&app.company)))
    }

    fn rule(&mut self, rule: &CustomRule) {
        let definition = &rule.definition;
        let mut occurrences = self.occurrences(definition.trigger);
        // The first occurrence of each target counts: two notes sent to one person make one task.
        occurrences.sort_by_key(|o| o.at);
        let mut seen = HashSet::new();
        for occurrence in occurrences {
            if let Some(reference) = occurrence.reference {
                if definition.target == Target::Reference && seen.insert(reference.id.clone()) {
                    self.push(rule, &occurrence, None, Subject::Reference(reference));
                }
                continue;
            }
            let Some(app) = occurrence.application else {
                continue;
            };
            let rounds = self.rounds(&occurrence);
            if !Self::passes(rule, app, &rounds) {
                continue;
            }
            match definition.target {
                Target::Application => {
                    if seen.insert(app.id.clone()) {
                        self.push(rule, &occurrence, Some(app), Subject::Application);
                    }
                }
                Target::Interview => {
                    for iv in rounds {
                        let stage = &definition.filter.stage;
                        if (stage.is_empty() || stage.contains(&iv.stage))
                            && seen.insert(iv.id.clone())
                        {
                            self.push(rule, &occurrence, Some(app), Subject::Interview(iv));
                        }
                    }
                }
                Target::Person => {
                    for iv in rounds {
                        let stage = &definition.filter.stage;
                        if !(stage.is_empty() || stage.contains(&iv.stage)) {
                            continue;
                        }
                        // Those who attend the interview (for a thank-you, the one thanked, if
                        // they still do: a person detached from it leaves its plan).
                        let idx = self.idx;
                        let people = idx.attendees_of(&iv.id);
                        for &p in people
                            .iter()
                            .filter(|p| occurrence.person.is_none_or(|t| t == p.id))
                        {
                            let role = &definition.filter.role;
                            if (role.is_empty() || role.contains(&p.role))
                                && seen.insert(format!("{}:{}", iv.id, p.id))
                            {
                                self.push(rule, &occurrence, Some(app), Subject::Person(iv, p));
                            }
                        }
                    }
                }
                Target::Reference => {}
            }
        }
    }

    fn push(
        &mut self,
        rule: &CustomRule,
        occurrence: &Occurrence<'a>,
        app: Option<&ApplicationFact>,
        subject: Subject<'_>,
    ) {
        let definition = &rule.definition;
        let (interview, person, reference) = match subject {
            Subject::Application => (None, None, None),
            Subject::Interview(iv) => (Some(iv), None, None),
            Subject::Person(iv, p) => (Some(iv), Some(p), None),
            Subject::Reference(r) => (None, None, Some(r)),
        };
        let target = match (interview, person, reference, app) {
            (Some(iv), Some(p), _, _) => format!("{}:{}", iv.id, p.id),
            (Some(iv), None, _, _) => iv.id.clone(),
            (None, _, Some(r), _) => r.id.clone(),
            (None, _, None, Some(app)) => app.id.clone(),
            (None, _, None, None) => return,
        };
        let values = Values {
            company: app
                .map(|a| a.company.as_str())
                .or_else(|| reference.and_then(|r| r.company.as_deref())),
            position: app.map(|a| a.position.as_str()),
            name: person
                .map(|p| p.name.as_str())
                .or_else(|| reference.map(|r| r.name.as_str())),
            title: person
                .and_then(|p| p.title.as_deref())
                .or_else(|| reference.and_then(|r| r.title.as_deref())),
        };
        let offset = rule.offset.0;
        let mut due = occurrence.at + offset;
        if definition.business_hours {
            let tz = app.map_or(self.idx.tz, |a| self.idx.tz_of(a));
            due = if offset < Duration::zero() {
                business_hours_before(due, tz)
            } else {
                business_hours(due, tz)
            };
        }
        let mut reason = format!("Your rule \"{}\"", definition.name.trim());
        if let Some(description) = &rule.description {
            let text = description.render(&values, DESCRIPTION_MAX);
            if !text.is_empty() {
                reason = format!("{reason}: {text}");
            }
        }
        let key = format!("{}{target}", rule.key_prefix());
        let task = Desired {
            rule: RuleRef::Custom(rule.id.clone()),
            title: rule.title.render(&values, TITLE_MAX),
            reason,
            channel: definition.channel,
            application_id: app.map(|a| a.id.clone()),
            interview_id: interview.map(|iv| iv.id.clone()),
            interviewer_id: person.map(|p| p.id.clone()),
            reference_id: reference.map(|r| r.id.clone()),
            ..Desired::new(RuleRef::Custom(rule.id.clone()), key, due)
        };
        // A task made already stays; a new one long overdue when the rule was made is not made.
        if due < rule.since - OVERDUE_GRACE && !self.idx.keys.contains(task.key.as_str()) {
            self.out.skipped.push(task);
        } else {
            self.out.tasks.push(task);
        }
    }
}
