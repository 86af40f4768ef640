//! Property tests of `plan` over random users: it is deterministic, keys are unique, thank-yous
//! are due within 24 hours of the end, one application's calls fall on different business days
//! and its check-ins keep its interval, no draft carries a `{` or `}`, and planning a write's
//! scope alone gives what the full plan gives for that scope.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

use super::tests::{at, facts};
use super::{RuleId, Settings, plan, scope};
use crate::domain::enums::{
    Channel, Interest, InterviewFormat, InterviewStatus, Outcome, Permission, PreferredChannel,
    Role, Stage, TaskStatus,
};
use crate::domain::facts::ApplicationFact;
use crate::domain::facts::{Facts, InterviewFact, PersonFact, ReferenceFact, TaskFact};

/// Two positions at one employer are two applications.
const JOBS: [(&str, &str); 4] = [
    ("Acme", "Engineer {x}"),
    ("Acme", "Analyst"),
    ("Globex {Inc}", "Engineer {x}"),
    ("initech", "Engineer {x}"),
];
const ZONES: [chrono_tz::Tz; 4] = [
    chrono_tz::UTC,
    chrono_tz::Europe::Paris,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Sydney,
];

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

fn base() -> chrono::DateTime<chrono::Utc> {
    at("2026-03-02T00:00:00Z")
}

prop_compose! {
    fn application_fact(i: usize)(
        outcome in pick(Outcome::ALL),
        decision in proptest::option::of(-30i64..30),
        second in proptest::option::of(-30i64..30),
        interest in pick(Interest::ALL),
        zone in proptest::option::of(pick(&ZONES)),
        interval in proptest::option::of(1i64..20),
        applied in any::<bool>(),
        strengths in any::<bool>(),
        references in proptest::collection::vec(0usize..3, 0..3),
        created in -400i64..200,
    ) -> ApplicationFact {
        let day = |d: i64| NaiveDate::from_ymd_opt(2026, 3, 2).map(|n| n + Duration::days(d));
        let (company, position) = JOBS[i];
        let mut references: Vec<String> = references.into_iter().map(|r| format!("r{r}")).collect();
        references.sort();
        references.dedup();
        ApplicationFact {
            id: format!("a{i}"),
            company: company.into(),
            position: position.into(),
            time_zone: zone,
            applied_on: applied.then(|| day(-20)).flatten(),
            outcome,
            outcome_set_at: (outcome != Outcome::Pending).then_some(base() + Duration::hours(30)),
            interest,
            decision_expected_on: decision.and_then(day),
            second_interview_expected_on: second.and_then(day),
            strengths: if strengths { vec!["{odd} strength".into()] } else { Vec::new() },
            check_in_interval_days: interval,
            references,
            created_at: base() + Duration::hours(created),
        }
    }
}

prop_compose! {
    fn interview_fact(i: usize)(
        job in 0usize..JOBS.len(),
        hours in -600i64..600,
        minutes in 15i64..240,
        status in pick(InterviewStatus::ALL),
        stage in pick(Stage::ALL),
        created in 1i64..400,
        format in pick(InterviewFormat::ALL),
    ) -> InterviewFact {
        let scheduled_at = base() + Duration::hours(hours);
        InterviewFact {
            id: format!("iv{i}"),
            application_id: format!("a{job}"),
            company: JOBS[job].0.into(),
            position: JOBS[job].1.into(),
            stage,
            format,
            scheduled_at,
            duration_minutes: minutes,
            status,
            created_at: scheduled_at - Duration::hours(created),
        }
    }
}

prop_compose! {
    fn person_fact(i: usize)(
        role in pick(Role::ALL),
        channel in pick(PreferredChannel::ALL),
        notes in proptest::option::of("[a-z {}]{0,20}"),
        same_name in any::<bool>(),
    ) -> PersonFact {
        PersonFact {
            id: format!("p{i}"),
            name: if same_name { "Alex {Kim}".into() } else { format!("Person {i}") },
            salutation: (i % 3 == 1).then(|| format!("Dr. Person {i}")),
            title: if i.is_multiple_of(2) { Some("Lead {x}".into()) } else { None },
            role,
            preferred_channel: channel,
            notes,
        }
    }
}

fn world() -> impl Strategy<Value = (Facts, i64)> {
    (1usize..5, 0usize..6, 0usize..3, pick(&ZONES), -200i64..900)
        .prop_flat_map(|(n_iv, n_people, n_refs, tz, now)| {
            let interviews: Vec<_> = (0..n_iv).map(interview_fact).collect();
            let applications: Vec<_> = (0..JOBS.len()).map(application_fact).collect();
            let people: Vec<_> = (0..n_people).map(person_fact).collect();
            let attendance = proptest::collection::vec((0..n_iv, 0..n_people.max(1)), 0..8);
            let references =
                proptest::collection::vec((pick(Permission::ALL), -300i64..300), n_refs..=n_refs);
            // Done tasks: (thank-you or a call, interview, person, hours after base, channel).
            let done = proptest::collection::vec(
                (
                    any::<bool>(),
                    0..n_iv,
                    0..n_people.max(1),
                    -300i64..900,
                    pick(Channel::ALL),
                ),
                0..6,
            );
            (
                (applications, interviews),
                people,
                attendance,
                references,
                done,
                Just(tz),
                Just(now),
            )
        })
        .prop_map(
            |((applications, interviews), people, attendance, references, done, tz, now)| {
                let mut f = facts();
                f.profile.time_zone = tz;
                f.profile.strengths = vec!["grit {and} wit".into()];
                // Only applications that have a round, and one more saved without any.
                f.applications = applications
                    .into_iter()
                    .filter(|a| {
                        a.id == "a3" || interviews.iter().any(|iv| iv.application_id == a.id)
                    })
                    .collect();
                f.interviews = interviews;
                let n_people = people.len();
                f.people = people;
                f.attendance = attendance
                    .into_iter()
                    .filter(|(_, p)| *p < n_people)
                    .map(|(iv, p)| (format!("iv{iv}"), format!("p{p}")))
                    .collect::<HashSet<_>>()
                    .into_iter()
                    .collect();
                f.attendance.sort();
                // What was discussed, written for them, at every other attendance.
                f.discussed = f
                    .attendance
                    .iter()
                    .step_by(2)
                    .map(|key| (key.clone(), "your {odd} plans for the team".to_string()))
                    .collect();
                f.references = references
                    .into_iter()
                    .enumerate()
                    .map(|(i, (permission, asked))| ReferenceFact {
                        title: None,
                        company: None,
                        id: format!("r{i}"),
                        name: format!("Ref {i}"),
                        permission,
                        permission_asked_at: (permission != Permission::NotAsked)
                            .then(|| base() + Duration::hours(asked)),
                        created_at: base() + Duration::hours(asked - 10),
                    })
                    .collect();
                f.tasks = done
                    .into_iter()
                    .enumerate()
                    .map(|(i, (thanks, iv, p, hours, channel))| {
                        let application_id = Some(f.interviews[iv].application_id.clone());
                        let rule = if thanks {
                            RuleId::ThankYouNote
                        } else {
                            RuleId::FollowUpCall
                        };
                        TaskFact {
                            id: format!("t{i}"),
                            kind: rule.as_str().into(),
                            dedupe_key: Some(format!("{rule}:iv{iv}:p{p}")),
                            title: String::new(),
                            reason: None,
                            draft: None,
                            channel: None,
                            not_before: None,
                            user_fields: crate::domain::UserFields::NONE,
                            status: TaskStatus::Done,
                            interview_id: Some(format!("iv{iv}")),
                            interviewer_id: Some(format!("p{p}")),
                            reference_id: None,
                            application_id,
                            due_at: None,
                            completed_at: Some(base() + Duration::hours(hours)),
                            completion_channel: Some(channel),
                            deleted: false,
                        }
                    })
                    .collect();
                // As in the database: one task per key.
                let mut keys = HashSet::new();
                f.tasks.retain(|t| keys.insert(t.dedupe_key.clone()));
                (f, now)
            },
        )
}

/// The catalogue's defaults and one custom rule of every trigger, with filters.
fn with_custom_rules() -> Settings {
    use super::custom::{CustomRule, Definition, Filter, Target, Trigger};
    use crate::domain::enums::{Role, Stage};
    let rules = [
        (
            Trigger::InterviewScheduled,
            Target::Interview,
            "-PT2H",
            Filter::default(),
        ),
        (
            Trigger::DecisionExpected,
            Target::Application,
            "-P7D",
            Filter::default(),
        ),
        (
            Trigger::ApplicationSaved,
            Target::Application,
            "P1D",
            Filter::default(),
        ),
        (
            Trigger::Applied,
            Target::Person,
            "P3D",
            Filter {
                company: vec!["ACME".into()],
                ..Filter::default()
            },
        ),
        (
            Trigger::InterviewEnded,
            Target::Person,
            "P2D",
            Filter {
                role: vec![Role::Interviewer],
                ..Filter::default()
            },
        ),
        (
            Trigger::OutcomeSet,
            Target::Interview,
            "PT4H",
            Filter {
                stage: vec![Stage::First, Stage::Final],
                ..Filter::default()
            },
        ),
        (
            Trigger::ThankYouSent,
            Target::Person,
            "P1D",
            Filter::default(),
        ),
        (
            Trigger::ReferenceAdded,
            Target::Reference,
            "P3D",
            Filter::default(),
        ),
    ];
    let mut settings = Settings::default();
    for (i, (trigger, target, offset, filter)) in rules.into_iter().enumerate() {
        let title = match target {
            Target::Interview | Target::Application => "Step at {company}",
            _ => "Write to {name}",
        };
        let definition = Definition {
            name: format!("rule {i}"),
            trigger,
            target,
            filter,
            title: title.into(),
            description: None,
            channel: None,
            offset: offset.into(),
            business_hours: i % 2 == 0,
        };
        // Made long ago, and one just now: that one leaves out what is long overdue.
        let since = if i == 1 {
            base() + Duration::hours(400)
        } else {
            base() - Duration::days(400)
        };
        let rule = CustomRule::new(format!("c{i}"), definition, true, false, since);
        settings.custom.push(rule.expect("a valid rule"));
    }
    settings
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn planning_is_deterministic_and_keys_are_unique((f, now) in world()) {
        let now = base() + Duration::hours(now);
        let settings = with_custom_rules();
        let first = plan(&f, &settings, now);
        let second = plan(&f, &settings, now);
        prop_assert_eq!(&first.tasks, &second.tasks);
        prop_assert_eq!(first.next_wake, second.next_wake);
        let keys: HashSet<&str> = first.tasks.iter().map(|t| t.key.as_str()).collect();
        prop_assert_eq!(keys.len(), first.tasks.len());
        if let Some(wake) = first.next_wake {
            prop_assert!(wake > now);
        }
    }

    #[test]
    fn thank_yous_are_due_within_a_day_and_drafts_are_filled((f, now) in world()) {
        let now = base() + Duration::hours(now);
        let p = plan(&f, &Settings::default(), now);
        let ends: HashMap<&str, _> = f.interviews.iter().map(|i| (i.id.as_str(), i.ends_at())).collect();
        for t in p.tasks.iter().filter(|t| t.rule == RuleId::ThankYouNote) {
            let end = ends[t.interview_id.as_deref().unwrap_or_default()];
            prop_assert!(t.due_at <= end + Duration::hours(24));
            prop_assert!(t.due_at > end);
        }
        for t in &p.tasks {
            if let Some(draft) = &t.draft {
                prop_assert!(!draft.contains('{') && !draft.contains('}'), "{}", draft);
            }
        }
        // Drafts of one interview all differ.
        let mut seen: HashMap<&str, HashSet<&str>> = HashMap::new();
        for t in p.tasks.iter().filter(|t| t.rule == RuleId::ThankYouNote) {
            let drafts = seen.entry(t.interview_id.as_deref().unwrap_or_default()).or_default();
            prop_assert!(drafts.insert(t.draft.as_deref().unwrap_or_default()));
        }
    }

    #[test]
    fn one_applications_calls_keep_apart((f, now) in world()) {
        let now = base() + Duration::hours(now);
        let p = plan(&f, &Settings::default(), now);
        let apps: HashMap<&str, &ApplicationFact> =
            f.applications.iter().map(|a| (a.id.as_str(), a)).collect();
        let tz = |app: &str| apps.get(app).and_then(|a| a.time_zone).unwrap_or(f.profile.time_zone);
        let interval = |app: &str| {
            apps.get(app)
                .and_then(|a| a.check_in_interval_days)
                .map_or(Duration::days(7), Duration::days)
        };
        // Contacts already made (calls about the position on any channel, and tasks of the
        // user's own logged with a channel), and the calls the plan wants...
        // (application, when, guarded by the interval, planned rather than made)
        let mut calls: Vec<(String, chrono::DateTime<chrono::Utc>, bool, bool)> = f
            .tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Done)
            .filter(|t| RuleId::parse(&t.kind).is_some_and(RuleId::is_position_call))
            .filter_map(|t| Some((t.application_id.clone()?, t.completed_at?, false, false)))
            .collect();
        // A planned call whose task is already done or skipped is no call to come.
        let closed: HashSet<&str> = f
            .tasks
            .iter()
            .filter(|t| matches!(t.status, TaskStatus::Done | TaskStatus::Skipped))
            .filter_map(|t| t.dedupe_key.as_deref())
            .collect();
        for t in p.tasks.iter().filter(|t| t.rule.is_position_call() && !closed.contains(t.key.as_str())) {
            if let Some(app) = &t.application_id {
                calls.push((app.clone(), t.due_at, t.rule != RuleId::FollowUpCall, true));
            }
        }
        // ...a planned call shares its business day with no other call of its application, and
        // check-ins and decision checks keep the application's interval from every other call.
        for (i, (ca, a, guarded_a, planned_a)) in calls.iter().enumerate() {
            for (cb, b, guarded_b, planned_b) in calls.iter().skip(i + 1) {
                if ca != cb {
                    continue;
                }
                let zone = tz(ca);
                if *planned_a || *planned_b {
                    prop_assert!(
                        a.with_timezone(&zone).date_naive() != b.with_timezone(&zone).date_naive(),
                        "{} {} and {} on one day", ca, a, b
                    );
                }
                if *guarded_a || *guarded_b {
                    prop_assert!((*a - *b).abs() >= interval(ca), "{} {} vs {}", ca, a, b);
                }
            }
        }
    }

    /// The scoped re-plan after a write (`service::reconcile` with a scope) is only correct if,
    /// for the tasks in the scope, the facts of the scope alone plan what all the facts plan.
    #[test]
    fn a_scoped_plan_agrees_with_the_full_plan((f, now) in world(), seed in 0usize..5, by_person in any::<bool>()) {
        let now = base() + Duration::hours(now);
        let application: HashMap<&str, &str> = f
            .interviews
            .iter()
            .map(|iv| (iv.id.as_str(), iv.application_id.as_str()))
            .collect();
        let mut met: Vec<(String, String)> = f
            .attendance
            .iter()
            .filter_map(|(iv, p)| Some((application.get(iv.as_str())?.to_string(), p.clone())))
            .collect();
        met.sort();
        met.dedup();
        let (seed_applications, seed_people) = if by_person {
            (vec![], vec![format!("p{seed}")])
        } else {
            (vec![format!("a{}", seed % JOBS.len())], vec![])
        };
        let scope = scope::closure(&met, &seed_applications, &seed_people);
        let settings = with_custom_rules();
        let full = plan(&f, &settings, now);
        let scoped = plan(&scope::restrict(&f, &scope), &settings, now);
        // Every application fires a custom rule (saved), so the property covers them.
        prop_assert!(
            full.tasks.iter().any(|t| t.rule.built_in().is_none())
                || full.skipped.iter().any(|t| t.rule.built_in().is_none())
                || f.applications.is_empty()
        );
        let of_scope = |p: &super::Plan| {
            p.tasks.iter().filter(|t| scope::contains(&scope, t)).cloned().collect::<Vec<_>>()
        };
        prop_assert_eq!(of_scope(&full), of_scope(&scoped));
    }
}
