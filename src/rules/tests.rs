//! Unit tests of `plan`, rule by rule: when each fires, when it does not, its due time and its
//! stop condition, on facts built by hand.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};

use super::catalog::Param;
use super::{Desired, Plan, RuleId, Settings, plan};
use crate::domain::enums::{
    Channel, Interest, InterviewFormat, InterviewStatus, Outcome, Permission, PreferredChannel,
    Role, Stage, TaskStatus,
};
use crate::domain::facts::{
    ApplicationFact, Facts, InterviewFact, PersonFact, Profile, ReferenceFact, TaskFact,
    company_key,
};

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("rfc3339")
        .with_timezone(&Utc)
}

pub fn facts() -> Facts {
    Facts {
        profile: Profile {
            name: "Ada Lovelace".into(),
            time_zone: chrono_tz::UTC,
            strengths: vec!["ten years of analysis".into(), "clear writing".into()],
        },
        applications: Vec::new(),
        interviews: Vec::new(),
        people: Vec::new(),
        attendance: Vec::new(),
        discussed: Default::default(),
        references: Vec::new(),
        tasks: Vec::new(),
    }
}

/// The id the helpers give the application for `company`'s Data Engineer job.
pub fn app_id(company: &str) -> String {
    format!("app-{}", company_key(company).replace(' ', "-"))
}

pub fn application(id: &str, company: &str, created: DateTime<Utc>) -> ApplicationFact {
    ApplicationFact {
        id: id.into(),
        company: company.into(),
        position: "Data Engineer".into(),
        time_zone: None,
        applied_on: None,
        outcome: Outcome::Pending,
        outcome_set_at: None,
        interest: Interest::Unsure,
        decision_expected_on: None,
        second_interview_expected_on: None,
        strengths: Vec::new(),
        check_in_interval_days: None,
        references: Vec::new(),
        created_at: created,
    }
}

/// A first-round interview for the Data Engineer job at `company` (its application:
/// `app_id(company)`), created five days before.
pub fn interview(id: &str, company: &str, scheduled: &str) -> InterviewFact {
    InterviewFact {
        id: id.into(),
        application_id: app_id(company),
        company: company.into(),
        position: "Data Engineer".into(),
        stage: Stage::First,
        format: InterviewFormat::Onsite,
        scheduled_at: at(scheduled),
        duration_minutes: 60,
        status: InterviewStatus::Scheduled,
        created_at: at(scheduled) - Duration::days(5),
    }
}

/// `facts` with an application for each interview that names a missing one (made when its
/// first round was), and each task of an interview in that interview's application: what the
/// store would load.
pub fn complete(facts: &Facts) -> Facts {
    let mut f = facts.clone();
    for iv in &facts.interviews {
        match f
            .applications
            .iter_mut()
            .find(|a| a.id == iv.application_id)
        {
            Some(app) => app.created_at = app.created_at.min(iv.created_at),
            None => f.applications.push(ApplicationFact {
                position: iv.position.clone(),
                ..application(&iv.application_id, &iv.company, iv.created_at)
            }),
        }
    }
    for task in &mut f.tasks {
        if task.application_id.is_none()
            && let Some(iv) = task
                .interview_id
                .as_deref()
                .and_then(|id| facts.interviews.iter().find(|iv| iv.id == id))
        {
            task.application_id = Some(iv.application_id.clone());
        }
    }
    f
}

/// The application of `company`'s Data Engineer job, made as `complete` would if missing.
pub fn app<'a>(f: &'a mut Facts, company: &str) -> &'a mut ApplicationFact {
    let id = app_id(company);
    if !f.applications.iter().any(|a| a.id == id) {
        let made = complete(f)
            .applications
            .into_iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| application(&id, company, at("2026-02-01T09:00:00Z")));
        f.applications.push(made);
    }
    f.applications
        .iter_mut()
        .find(|a| a.id == id)
        .expect("just made")
}

pub fn person(id: &str, name: &str, role: Role) -> PersonFact {
    PersonFact {
        id: id.into(),
        name: name.into(),
        salutation: None,
        title: Some("Manager".into()),
        role,
        preferred_channel: PreferredChannel::Email,
        notes: None,
    }
}

pub fn done(
    rule: RuleId,
    interview: &str,
    person: &str,
    when: &str,
    channel: Option<Channel>,
) -> TaskFact {
    TaskFact {
        id: format!("t-{rule}-{interview}-{person}"),
        kind: rule.as_str().into(),
        dedupe_key: Some(format!("{rule}:{interview}:{person}")),
        title: String::new(),
        reason: None,
        draft: None,
        channel: None,
        not_before: None,
        user_fields: crate::domain::UserFields::NONE,
        status: TaskStatus::Done,
        interview_id: Some(interview.into()),
        interviewer_id: Some(person.into()),
        reference_id: None,
        application_id: None,
        due_at: None,
        completed_at: Some(at(when)),
        completion_channel: channel,
        deleted: false,
    }
}

fn run(facts: &Facts, now: &str) -> Plan {
    plan(&complete(facts), &Settings::default(), at(now))
}

fn of(plan: &Plan, rule: RuleId) -> Vec<&Desired> {
    plan.tasks.iter().filter(|t| t.rule == rule).collect()
}

fn one(plan: &Plan, rule: RuleId) -> &Desired {
    let found = of(plan, rule);
    assert_eq!(found.len(), 1, "{rule}: {:#?}", plan.tasks);
    found[0]
}

/// An interview on Tuesday 3 March 2026, 14:00–15:00 UTC, with an interviewer and a receptionist.
fn met() -> Facts {
    let mut f = facts();
    f.interviews
        .push(interview("iv", "Acme", "2026-03-03T14:00:00Z"));
    f.people
        .push(person("p1", "Maria Lopez", Role::Interviewer));
    f.people.push(person("p2", "Sam Reed", Role::Receptionist));
    f.attendance.push(("iv".into(), "p1".into()));
    f.attendance.push(("iv".into(), "p2".into()));
    f
}

#[test]
fn before_an_interview_ask_the_closing_questions_and_collect_names() {
    let f = met();
    let p = run(&f, "2026-03-01T10:00:00Z");
    assert_eq!(
        one(&p, RuleId::ClosingQuestions).due_at,
        at("2026-03-03T14:00:00Z")
    );
    assert_eq!(
        one(&p, RuleId::CollectNames).due_at,
        at("2026-03-03T14:00:00Z")
    );
    assert!(
        of(&p, RuleId::ThankYouNote).is_empty(),
        "not before the interview ends"
    );
    assert_eq!(
        p.next_wake,
        Some(at("2026-03-03T15:00:00Z")),
        "wake when it ends"
    );
    // An interview logged after it happened gets no "before you leave" reminders...
    let late = run(&f, "2026-03-05T10:00:00Z");
    assert!(of(&late, RuleId::ClosingQuestions).is_empty());
    // ...but one made before it is kept afterwards, not cancelled.
    let mut kept = f.clone();
    kept.tasks.push(TaskFact {
        dedupe_key: Some("closing_questions:iv".into()),
        status: TaskStatus::Open,
        ..done(
            RuleId::ClosingQuestions,
            "iv",
            "",
            "2026-03-01T10:00:00Z",
            None,
        )
    });
    assert_eq!(
        of(
            &run(&kept, "2026-03-05T10:00:00Z"),
            RuleId::ClosingQuestions
        )
        .len(),
        1
    );
    // Cancelled: nothing at all.
    let mut cancelled = kept;
    cancelled.interviews[0].status = InterviewStatus::Cancelled;
    assert!(run(&cancelled, "2026-03-01T10:00:00Z").tasks.is_empty());
}

#[test]
fn every_attendee_gets_a_thank_you_within_24_hours_whatever_the_outcome() {
    let mut f = met();
    app(&mut f, "Acme").outcome = Outcome::Rejected;
    app(&mut f, "Acme").outcome_set_at = Some(at("2026-03-03T16:00:00Z"));
    let p = run(&f, "2026-03-03T15:30:00Z");
    let notes = of(&p, RuleId::ThankYouNote);
    assert_eq!(notes.len(), 2, "interviewer and receptionist");
    for note in &notes {
        assert_eq!(note.due_at, at("2026-03-04T15:00:00Z"));
        assert_eq!(note.channel, Some(Channel::Email));
        assert_eq!(note.interview_id.as_deref(), Some("iv"));
    }
    let maria = notes
        .iter()
        .find(|n| n.interviewer_id.as_deref() == Some("p1"))
        .expect("p1");
    assert_eq!(maria.title, "Send a thank-you to Maria Lopez, Manager");
    let draft = maria.draft.as_deref().expect("draft");
    assert!(draft.starts_with("Email\n\nSubject: "), "{draft}");
    assert!(draft.contains("\n\nDear Maria Lopez,\n\n"), "{draft}");
    assert!(
        !draft.contains('('),
        "the title is on the card's address line: {draft}"
    );
    assert!(draft.contains("Maria Lopez\nManager, Acme"), "{draft}");
    assert!(
        draft.contains("Acme") && draft.contains("Data Engineer"),
        "{draft}"
    );
    assert!(draft.contains("ten years of analysis"), "{draft}");
    let sam = notes
        .iter()
        .find(|n| n.interviewer_id.as_deref() == Some("p2"))
        .expect("p2");
    let draft = sam.draft.as_deref().expect("draft");
    assert!(
        draft.contains("help"),
        "a receptionist is thanked for their help: {draft}"
    );
    assert!(!draft.contains("interview me"), "{draft}");
}

#[test]
fn drafts_differ_within_an_interview_and_never_show_a_placeholder() {
    let mut f = facts();
    f.interviews
        .push(interview("iv", "Acme {Corp}", "2026-03-03T14:00:00Z"));
    for i in 0..6 {
        let mut p = person(&format!("p{i}"), "Alex Kim", Role::Interviewer);
        p.title = None;
        if i == 5 {
            p.notes = Some("private: the {migration} plan".into());
            f.discussed.insert(
                ("iv".into(), format!("p{i}")),
                "the {migration} plan".into(),
            );
        }
        f.people.push(p);
        f.attendance.push(("iv".into(), format!("p{i}")));
    }
    let p = run(&f, "2026-03-03T16:00:00Z");
    let drafts: Vec<&str> = of(&p, RuleId::ThankYouNote)
        .iter()
        .map(|t| t.draft.as_deref().expect("draft"))
        .collect();
    assert_eq!(drafts.len(), 6);
    let unique: std::collections::HashSet<_> = drafts.iter().collect();
    assert_eq!(
        unique.len(),
        6,
        "same name, no notes, still six different notes"
    );
    for d in &drafts {
        assert!(!d.contains('{') && !d.contains('}'), "{d}");
    }
    assert!(drafts.iter().any(|d| d.contains("the (migration) plan")));
    assert!(
        drafts.iter().all(|d| !d.contains("private")),
        "notes are never in a draft"
    );
    // Deterministic.
    assert_eq!(run(&f, "2026-03-03T16:00:00Z").tasks, p.tasks);
}

#[test]
fn a_detached_person_or_a_cancelled_interview_gets_no_note() {
    let mut f = met();
    f.attendance.retain(|(_, p)| p != "p2");
    let p = run(&f, "2026-03-03T16:00:00Z");
    assert_eq!(of(&p, RuleId::ThankYouNote).len(), 1);
    f.interviews[0].status = InterviewStatus::Cancelled;
    assert!(of(&run(&f, "2026-03-03T16:00:00Z"), RuleId::ThankYouNote).is_empty());
}

#[test]
fn unknown_channels_are_asked_of_the_receptionist_in_business_hours() {
    let mut f = met();
    f.people[0].preferred_channel = PreferredChannel::Unknown;
    f.interviews[0].scheduled_at = at("2026-03-06T15:00:00Z"); // Friday
    let p = run(&f, "2026-03-06T17:00:00Z");
    let ask = one(&p, RuleId::AskContactChannel);
    assert!(ask.title.contains("Maria Lopez"));
    // Friday 16:00 + 4 h is Friday evening: moved to Monday 09:00.
    assert_eq!(ask.due_at, at("2026-03-09T09:00:00Z"));
    let note = of(&p, RuleId::ThankYouNote)
        .into_iter()
        .find(|n| n.interviewer_id.as_deref() == Some("p1"))
        .expect("note");
    assert_eq!(note.channel, None, "no channel until we know it");
    f.people[0].preferred_channel = PreferredChannel::Mail;
    assert!(of(&run(&f, "2026-03-06T17:00:00Z"), RuleId::AskContactChannel).is_empty());
}

#[test]
fn a_mailed_card_brings_an_email_and_a_call_48_to_72_hours_later() {
    let mut f = met();
    // The card went on Wednesday 4 March at 10:00.
    f.tasks.push(done(
        RuleId::ThankYouNote,
        "iv",
        "p1",
        "2026-03-04T10:00:00Z",
        Some(Channel::Mail),
    ));
    let p = run(&f, "2026-03-04T11:00:00Z");
    let email = one(&p, RuleId::ThankYouSecondChannel);
    assert_eq!(email.due_at, at("2026-03-05T10:00:00Z"));
    assert_eq!(email.channel, Some(Channel::Email));
    let call = one(&p, RuleId::FollowUpCall);
    assert_eq!(call.not_before, Some(at("2026-03-06T10:00:00Z")));
    // Saturday 10:00 is no time to call: Monday morning.
    assert_eq!(call.due_at, at("2026-03-09T09:00:00Z"));
    assert!(
        call.title
            .contains("restate your assets: ten years of analysis and clear writing")
    );
    assert_eq!(call.channel, Some(Channel::Phone));
    // An email thank-you brings a call but no second channel.
    let mut by_email = met();
    by_email.tasks.push(done(
        RuleId::ThankYouNote,
        "iv",
        "p1",
        "2026-03-04T10:00:00Z",
        Some(Channel::Email),
    ));
    let p = run(&by_email, "2026-03-04T11:00:00Z");
    assert!(of(&p, RuleId::ThankYouSecondChannel).is_empty());
    assert_eq!(of(&p, RuleId::FollowUpCall).len(), 1);
}

#[test]
fn receptionists_get_no_follow_up_call_and_final_outcomes_stop_calls() {
    let mut f = met();
    f.tasks.push(done(
        RuleId::ThankYouNote,
        "iv",
        "p2",
        "2026-03-04T10:00:00Z",
        Some(Channel::Email),
    ));
    assert!(of(&run(&f, "2026-03-04T11:00:00Z"), RuleId::FollowUpCall).is_empty());
    let mut f = met();
    f.tasks.push(done(
        RuleId::ThankYouNote,
        "iv",
        "p1",
        "2026-03-04T10:00:00Z",
        Some(Channel::Email),
    ));
    app(&mut f, "Acme").outcome = Outcome::PositionFilled;
    assert!(of(&run(&f, "2026-03-04T11:00:00Z"), RuleId::FollowUpCall).is_empty());
}

#[test]
fn calls_land_in_local_business_hours_across_a_dst_change() {
    let mut f = met();
    f.profile.time_zone = chrono_tz::America::New_York;
    // Thank-you done Thursday 5 March 2026 20:00 EST; +72 h is Sunday 8 March, the day DST starts.
    f.tasks.push(done(
        RuleId::ThankYouNote,
        "iv",
        "p1",
        "2026-03-06T01:00:00Z",
        Some(Channel::Email),
    ));
    let p = run(&f, "2026-03-06T02:00:00Z");
    let call = one(&p, RuleId::FollowUpCall);
    let local = call.due_at.with_timezone(&chrono_tz::America::New_York);
    assert_eq!((local.weekday(), local.hour()), (Weekday::Mon, 9));
    assert_eq!(call.due_at, at("2026-03-09T13:00:00Z"), "09:00 EDT");
    let opens = call
        .not_before
        .expect("window")
        .with_timezone(&chrono_tz::America::New_York);
    assert_eq!(
        (opens.weekday(), opens.hour()),
        (Weekday::Mon, 9),
        "Saturday evening moves too"
    );
}

#[test]
fn decision_check_fires_the_next_business_day_after_the_date() {
    let mut f = met();
    app(&mut f, "Acme").decision_expected_on = NaiveDate::from_ymd_opt(2026, 3, 13); // a Friday
    let before = run(&f, "2026-03-13T12:00:00Z");
    assert!(of(&before, RuleId::DecisionCheck).is_empty());
    assert!(
        before
            .next_wake
            .is_some_and(|w| w <= at("2026-03-14T00:00:00Z"))
    );
    let after = run(&f, "2026-03-14T08:00:00Z");
    let check = one(&after, RuleId::DecisionCheck);
    assert_eq!(check.due_at, at("2026-03-16T09:00:00Z"), "Monday morning");
    app(&mut f, "Acme").outcome = Outcome::OfferAccepted;
    assert!(of(&run(&f, "2026-03-14T08:00:00Z"), RuleId::DecisionCheck).is_empty());
}

#[test]
fn second_interview_check_stops_when_a_later_interview_exists() {
    let mut f = met();
    app(&mut f, "Acme").second_interview_expected_on = NaiveDate::from_ymd_opt(2026, 3, 10);
    let p = run(&f, "2026-03-11T08:00:00Z");
    assert_eq!(
        one(&p, RuleId::SecondInterviewCheck).due_at,
        at("2026-03-11T09:00:00Z")
    );
    let mut second = interview("iv2", "ACME ", "2026-03-20T10:00:00Z");
    second.stage = Stage::Second;
    f.interviews.push(second);
    assert!(
        of(
            &run(&f, "2026-03-11T08:00:00Z"),
            RuleId::SecondInterviewCheck
        )
        .is_empty()
    );
}

#[test]
fn a_later_interview_of_stage_other_ends_the_second_interview_check() {
    let mut f = met();
    app(&mut f, "Acme").second_interview_expected_on = NaiveDate::from_ymd_opt(2026, 3, 10);
    let mut next = interview("iv2", "Acme", "2026-03-20T10:00:00Z");
    next.stage = Stage::Other;
    f.interviews.push(next);
    let p = run(&f, "2026-03-11T08:00:00Z");
    assert!(of(&p, RuleId::SecondInterviewCheck).is_empty());
    // An `other` interview before this one is no next stage.
    f.interviews[1].scheduled_at = at("2026-03-01T10:00:00Z");
    let p = run(&f, "2026-03-11T08:00:00Z");
    assert_eq!(of(&p, RuleId::SecondInterviewCheck).len(), 1);
}

#[test]
fn the_follow_up_calls_reason_states_its_window_as_set() {
    let mut f = met();
    f.tasks.push(done(
        RuleId::ThankYouNote,
        "iv",
        "p1",
        "2026-03-04T10:00:00Z",
        Some(Channel::Email),
    ));
    let mut settings = Settings::default();
    settings.set_param(Param::CallWindowOpens, 24);
    settings.set_param(Param::CallDue, 96);
    let p = plan(&complete(&f), &settings, at("2026-03-04T12:00:00Z"));
    let call = one(&p, RuleId::FollowUpCall);
    assert!(
        call.reason.contains("call 24 to 96 hours later"),
        "{}",
        call.reason
    );
}

#[test]
fn weekly_check_ins_follow_the_latest_call() {
    let mut f = met();
    f.tasks.push(done(
        RuleId::ThankYouNote,
        "iv",
        "p1",
        "2026-03-04T10:00:00Z",
        Some(Channel::Email),
    ));
    let p = run(&f, "2026-03-05T10:00:00Z");
    assert!(
        of(&p, RuleId::WeeklyCheckIn).is_empty(),
        "not before the first call"
    );
    f.tasks.push(done(
        RuleId::FollowUpCall,
        "iv",
        "p1",
        "2026-03-09T10:00:00Z",
        Some(Channel::Phone),
    ));
    let p = run(&f, "2026-03-09T11:00:00Z");
    let first = one(&p, RuleId::WeeklyCheckIn).clone();
    assert_eq!(first.due_at, at("2026-03-16T10:00:00Z"));
    // A call logged by hand on Thursday moves the next check-in: a new key, a week after it.
    let mut manual = done(
        RuleId::ThankYouNote,
        "iv",
        "",
        "2026-03-12T11:00:00Z",
        Some(Channel::Phone),
    );
    manual.kind = "custom".into();
    manual.dedupe_key = None;
    f.tasks.push(manual);
    let p = run(&f, "2026-03-12T12:00:00Z");
    let next = one(&p, RuleId::WeeklyCheckIn);
    assert_ne!(next.key, first.key);
    assert_eq!(next.due_at, at("2026-03-19T11:00:00Z"));
    app(&mut f, "Acme").outcome = Outcome::PositionFilled;
    assert!(of(&run(&f, "2026-03-12T12:00:00Z"), RuleId::WeeklyCheckIn).is_empty());
}

#[test]
fn the_cadence_guard_keeps_calls_a_week_apart() {
    let mut f = met();
    f.tasks.push(done(
        RuleId::ThankYouNote,
        "iv",
        "p1",
        "2026-03-04T10:00:00Z",
        Some(Channel::Email),
    ));
    // A call made on Monday 9 March; the decision date passed the same week.
    f.tasks.push(done(
        RuleId::FollowUpCall,
        "iv",
        "p1",
        "2026-03-09T10:00:00Z",
        Some(Channel::Phone),
    ));
    app(&mut f, "Acme").decision_expected_on = NaiveDate::from_ymd_opt(2026, 3, 10);
    let p = run(&f, "2026-03-11T08:00:00Z");
    let decision = one(&p, RuleId::DecisionCheck);
    assert!(
        decision.due_at >= at("2026-03-16T10:00:00Z"),
        "{}",
        decision.due_at
    );
    let check_in = one(&p, RuleId::WeeklyCheckIn);
    assert!(
        (check_in.due_at - decision.due_at).abs() >= Duration::days(7),
        "{} vs {}",
        check_in.due_at,
        decision.due_at
    );
}

#[test]
fn references_are_asked_first_and_again_after_a_week() {
    let mut f = facts();
    f.references.push(ReferenceFact {
        title: None,
        company: None,
        id: "r".into(),
        name: "John Smith".into(),
        permission: Permission::NotAsked,
        permission_asked_at: None,
        created_at: at("2026-03-02T10:00:00Z"),
    });
    let p = run(&f, "2026-03-02T10:05:00Z");
    let ask = one(&p, RuleId::ReferencePermission);
    assert_eq!(ask.due_at, at("2026-03-02T10:00:00Z"));
    assert!(ask.title.contains("John Smith") && ask.title.contains("permission"));
    f.references[0].permission = Permission::Requested;
    f.references[0].permission_asked_at = Some(at("2026-03-03T10:00:00Z"));
    let waiting = run(&f, "2026-03-05T10:00:00Z");
    assert!(of(&waiting, RuleId::ReferencePermission).is_empty());
    assert_eq!(waiting.next_wake, Some(at("2026-03-10T10:00:00Z")));
    let again = run(&f, "2026-03-10T11:00:00Z");
    assert_ne!(one(&again, RuleId::ReferencePermission).key, ask.key);
    f.references[0].permission = Permission::Granted;
    assert!(
        of(
            &run(&f, "2026-03-10T11:00:00Z"),
            RuleId::ReferencePermission
        )
        .is_empty()
    );
}

#[test]
fn references_hear_of_a_final_interview_a_day_before() {
    let mut f = met();
    f.references.push(ReferenceFact {
        title: None,
        company: None,
        id: "r".into(),
        name: "John Smith".into(),
        permission: Permission::Granted,
        permission_asked_at: None,
        created_at: at("2026-02-01T10:00:00Z"),
    });
    assert!(of(&run(&f, "2026-03-01T10:00:00Z"), RuleId::ReferenceHeadsUp).is_empty());
    f.interviews[0].stage = Stage::Final;
    let p = run(&f, "2026-03-01T10:00:00Z");
    let heads_up = one(&p, RuleId::ReferenceHeadsUp);
    // The business morning before a Tuesday interview.
    assert_eq!(heads_up.due_at, at("2026-03-02T09:00:00Z"));
    assert_eq!(heads_up.reference_id.as_deref(), Some("r"));
    // Before a Monday interview: the Friday, never the Sunday.
    f.interviews[0].scheduled_at = at("2026-03-09T14:00:00Z");
    let p = run(&f, "2026-03-01T10:00:00Z");
    assert_eq!(
        one(&p, RuleId::ReferenceHeadsUp).due_at,
        at("2026-03-06T09:00:00Z")
    );
    // A rejection ends it, like any final outcome.
    app(&mut f, "Acme").outcome = Outcome::Rejected;
    app(&mut f, "Acme").outcome_set_at = Some(at("2026-03-02T10:00:00Z"));
    assert!(of(&run(&f, "2026-03-02T11:00:00Z"), RuleId::ReferenceHeadsUp).is_empty());
}

#[test]
fn keep_searching_after_a_quiet_week() {
    let mut f = met();
    f.interviews[0].created_at = at("2026-03-01T09:00:00Z");
    let quiet = run(&f, "2026-03-05T10:00:00Z");
    assert!(of(&quiet, RuleId::KeepSearching).is_empty());
    let nudge = run(&f, "2026-03-09T10:00:00Z");
    assert_eq!(
        one(&nudge, RuleId::KeepSearching).due_at,
        at("2026-03-08T09:00:00Z")
    );
    let later = run(&f, "2026-03-16T10:00:00Z");
    assert_ne!(
        one(&later, RuleId::KeepSearching).key,
        one(&nudge, RuleId::KeepSearching).key
    );
    f.interviews.push(InterviewFact {
        created_at: at("2026-03-09T09:00:00Z"),
        ..interview("iv2", "Globex", "2026-03-20T10:00:00Z")
    });
    assert!(of(&run(&f, "2026-03-09T10:00:00Z"), RuleId::KeepSearching).is_empty());
}

#[test]
fn a_rejection_opens_the_business_circle_for_interviewers_only() {
    let mut f = met();
    app(&mut f, "Acme").outcome = Outcome::Rejected;
    app(&mut f, "Acme").outcome_set_at = Some(at("2026-03-10T12:00:00Z"));
    let p = run(&f, "2026-03-10T13:00:00Z");
    let circle = one(&p, RuleId::BusinessCircle);
    assert_eq!(circle.interviewer_id.as_deref(), Some("p1"));
    assert_eq!(circle.due_at, at("2026-03-13T12:00:00Z"));
}

#[test]
fn insights_are_recorded_two_days_after() {
    let p = run(&met(), "2026-03-03T16:00:00Z");
    assert_eq!(
        one(&p, RuleId::RecordInsights).due_at,
        at("2026-03-05T15:00:00Z")
    );
}

#[test]
fn an_accepted_offer_keeps_you_visible_monthly() {
    let mut f = met();
    app(&mut f, "Acme").outcome = Outcome::OfferAccepted;
    app(&mut f, "Acme").outcome_set_at = Some(at("2026-03-10T12:00:00Z"));
    let first = run(&f, "2026-03-10T13:00:00Z");
    assert_eq!(
        one(&first, RuleId::StayVisible).due_at,
        at("2026-04-09T12:00:00Z")
    );
    // A month's reminder stays while it is open, however late it gets...
    let later = run(&f, "2026-04-20T13:00:00Z");
    let month = one(&later, RuleId::StayVisible);
    assert_eq!(month.due_at, at("2026-04-09T12:00:00Z"));
    // ...and the next month's follows only once it is done.
    f.tasks.push(TaskFact {
        dedupe_key: Some(month.key.clone()),
        interview_id: Some("iv".into()),
        ..done(RuleId::StayVisible, "iv", "", "2026-04-20T13:00:00Z", None)
    });
    let later = run(&f, "2026-04-20T13:00:00Z");
    assert_eq!(
        one(&later, RuleId::StayVisible).due_at,
        at("2026-05-09T12:00:00Z")
    );
    assert!(
        of(&later, RuleId::KeepSearching).is_empty(),
        "no open process left"
    );
}

#[test]
fn switched_off_rules_plan_nothing() {
    let mut settings = Settings::default();
    settings.set_enabled(RuleId::ThankYouNote, false);
    let p = plan(&complete(&met()), &settings, at("2026-03-03T16:00:00Z"));
    assert!(of(&p, RuleId::ThankYouNote).is_empty());
    assert!(!of(&p, RuleId::RecordInsights).is_empty());
    settings.set_param(Param::InsightsAfter, 2);
    let p = plan(&complete(&met()), &settings, at("2026-03-03T16:00:00Z"));
    assert_eq!(
        one(&p, RuleId::RecordInsights).due_at,
        at("2026-03-03T17:00:00Z")
    );
}

#[test]
fn every_task_explains_itself() {
    let mut f = met();
    f.tasks.push(done(
        RuleId::ThankYouNote,
        "iv",
        "p1",
        "2026-03-04T10:00:00Z",
        Some(Channel::Mail),
    ));
    let p = run(&f, "2026-03-04T11:00:00Z");
    assert!(p.tasks.len() >= 5);
    for t in &p.tasks {
        assert!(!t.reason.is_empty() && !t.title.is_empty(), "{t:?}");
        assert!(t.key.starts_with(t.rule.id()));
    }
}

/// Two rounds of one application at Initech, as the story in issue 26 tells it: a first round on
/// Tue 10 Nov and a second on Tue 24 Nov 2026, each with its interviewer and a recruiter who
/// came to both; the thank-yous and the first follow-up call are done.
fn initech() -> Facts {
    let mut f = facts();
    f.interviews
        .push(interview("r1", "Initech", "2026-11-10T14:00:00Z"));
    let mut second = interview("r2", "Initech", "2026-11-24T14:00:00Z");
    second.stage = Stage::Second;
    f.interviews.push(second);
    f.people.push(person("pat", "Pat Reyes", Role::Interviewer));
    f.people.push(person("lee", "Lee Chan", Role::Interviewer));
    f.people.push(person("rob", "Rob Diaz", Role::Recruiter));
    for (round, who) in [("r1", "pat"), ("r1", "rob"), ("r2", "lee"), ("r2", "rob")] {
        f.attendance.push((round.into(), who.into()));
    }
    for (round, who, when) in [
        ("r1", "pat", "2026-11-10T18:00:00Z"),
        ("r1", "rob", "2026-11-10T18:00:00Z"),
    ] {
        f.tasks.push(done(
            RuleId::ThankYouNote,
            round,
            who,
            when,
            Some(Channel::Email),
        ));
    }
    f.tasks.push(done(
        RuleId::FollowUpCall,
        "r1",
        "pat",
        "2026-11-13T10:00:00Z",
        Some(Channel::Phone),
    ));
    f
}

#[test]
fn one_decision_check_for_all_rounds_of_an_application() {
    let mut f = initech();
    // Round 1 said 20 Nov; round 2 said 4 Dec: the application holds the latest word.
    app(&mut f, "Initech").decision_expected_on = NaiveDate::from_ymd_opt(2026, 12, 4);
    let p = run(&f, "2026-12-07T08:00:00Z");
    let check = one(&p, RuleId::DecisionCheck);
    assert_eq!(check.application_id.as_deref(), Some("app-initech"));
    assert_eq!(check.interview_id, None, "it is about the application");
    assert_eq!(check.key, "decision_check:app-initech:2026-12-04");
    assert_eq!(of(&p, RuleId::WeeklyCheckIn).len(), 1, "one series");
}

#[test]
fn a_rejection_ends_the_calls_and_opens_the_circle_for_everyone_met() {
    let mut f = initech();
    app(&mut f, "Initech").decision_expected_on = NaiveDate::from_ymd_opt(2026, 12, 4);
    app(&mut f, "Initech").outcome = Outcome::Rejected;
    app(&mut f, "Initech").outcome_set_at = Some(at("2026-12-01T16:00:00Z"));
    let p = run(&f, "2026-12-07T08:00:00Z");
    for rule in [
        RuleId::DecisionCheck,
        RuleId::WeeklyCheckIn,
        RuleId::FollowUpCall,
    ] {
        assert!(of(&p, rule).is_empty(), "{rule}");
    }
    let mut circle: Vec<&str> = of(&p, RuleId::BusinessCircle)
        .iter()
        .filter_map(|t| t.interviewer_id.as_deref())
        .collect();
    circle.sort_unstable();
    assert_eq!(
        circle,
        ["lee", "pat", "rob"],
        "both rounds, the recruiter once"
    );
    for task in of(&p, RuleId::BusinessCircle) {
        assert_eq!(task.due_at, at("2026-12-04T16:00:00Z"));
        assert!(
            task.reason
                .contains("Data Engineer process at Initech is over (rejected)")
        );
    }
}

#[test]
fn another_position_at_the_same_employer_is_another_application() {
    let mut f = initech();
    app(&mut f, "Initech").second_interview_expected_on = NaiveDate::from_ymd_opt(2026, 11, 20);
    f.interviews.remove(1);
    f.attendance.retain(|(round, _)| round != "r2");
    // A second round for another job at Initech books nothing for this one.
    let mut analyst = interview("d2", "Initech", "2026-11-30T14:00:00Z");
    analyst.stage = Stage::Second;
    analyst.position = "Data Analyst".into();
    analyst.application_id = "app-analyst".into();
    f.interviews.push(analyst);
    let p = run(&f, "2026-11-23T08:00:00Z");
    let check = one(&p, RuleId::SecondInterviewCheck);
    assert_eq!(check.application_id.as_deref(), Some("app-initech"));
}

#[test]
fn one_call_per_application_per_business_day() {
    let mut f = initech();
    f.tasks.clear();
    // Both second-round notes went on Wednesday: two calls would fall on Monday 09:00.
    for who in ["lee", "rob"] {
        f.tasks.push(done(
            RuleId::ThankYouNote,
            "r2",
            who,
            "2026-11-25T10:00:00Z",
            Some(Channel::Email),
        ));
    }
    let p = run(&f, "2026-11-25T11:00:00Z");
    let mut calls: Vec<DateTime<Utc>> = of(&p, RuleId::FollowUpCall)
        .iter()
        .map(|c| c.due_at)
        .collect();
    calls.sort_unstable();
    assert_eq!(
        calls,
        [at("2026-11-30T09:00:00Z"), at("2026-12-01T09:00:00Z")],
        "Monday, then Tuesday"
    );
}

#[test]
fn calls_follow_the_employers_business_hours_when_its_zone_is_known() {
    let mut f = met();
    // The user moved to Tokyo; the employer is in New York.
    f.profile.time_zone = chrono_tz::Asia::Tokyo;
    app(&mut f, "Acme").time_zone = Some(chrono_tz::America::New_York);
    f.tasks.push(done(
        RuleId::ThankYouNote,
        "iv",
        "p1",
        "2026-03-04T15:00:00Z",
        Some(Channel::Email),
    ));
    let p = run(&f, "2026-03-04T16:00:00Z");
    let call = one(&p, RuleId::FollowUpCall);
    let local = call.due_at.with_timezone(&chrono_tz::America::New_York);
    assert!(
        (9..17).contains(&local.hour()) && local.weekday() != Weekday::Sat,
        "{local}"
    );
    assert_eq!(call.due_at, at("2026-03-09T13:00:00Z"), "Monday 09:00 EDT");
}

#[test]
fn the_applications_interval_spaces_its_check_ins() {
    let mut f = met();
    app(&mut f, "Acme").check_in_interval_days = Some(14);
    f.tasks.push(done(
        RuleId::FollowUpCall,
        "iv",
        "p1",
        "2026-03-09T10:00:00Z",
        Some(Channel::Phone),
    ));
    let p = run(&f, "2026-03-09T11:00:00Z");
    assert_eq!(
        one(&p, RuleId::WeeklyCheckIn).due_at,
        at("2026-03-23T10:00:00Z")
    );
}

#[test]
fn references_are_told_per_application_they_were_given_for() {
    let mut f = met();
    f.interviews[0].stage = Stage::Final;
    for (id, name) in [("r1", "John Smith"), ("r2", "Ann Lee")] {
        f.references.push(ReferenceFact {
            title: None,
            company: None,
            id: id.into(),
            name: name.into(),
            permission: Permission::Granted,
            permission_asked_at: None,
            created_at: at("2026-02-01T10:00:00Z"),
        });
    }
    // None linked: every reference who agreed hears.
    let p = run(&f, "2026-03-01T10:00:00Z");
    assert_eq!(of(&p, RuleId::ReferenceHeadsUp).len(), 2);
    // Linked: only those given for it.
    app(&mut f, "Acme").references = vec!["r2".into()];
    let p = run(&f, "2026-03-01T10:00:00Z");
    let told = one(&p, RuleId::ReferenceHeadsUp);
    assert_eq!(told.reference_id.as_deref(), Some("r2"));
    assert_eq!(told.key, "reference_heads_up:r2:app-acme");
    assert_eq!(told.due_at, at("2026-03-02T09:00:00Z"));
}

#[test]
fn a_reference_given_for_an_application_is_asked_before_you_apply() {
    let mut f = facts();
    f.applications
        .push(application("globex", "Globex", at("2026-03-01T10:00:00Z")));
    f.applications[0].references = vec!["r".into()];
    f.references.push(ReferenceFact {
        title: None,
        company: None,
        id: "r".into(),
        name: "John Smith".into(),
        permission: Permission::NotAsked,
        permission_asked_at: None,
        created_at: at("2026-03-02T10:00:00Z"),
    });
    let p = run(&f, "2026-03-02T10:05:00Z");
    assert!(
        one(&p, RuleId::ReferencePermission)
            .reason
            .ends_with("before you apply to Globex"),
        "{:?}",
        p.tasks
    );
    f.applications[0].applied_on = NaiveDate::from_ymd_opt(2026, 3, 3);
    assert!(
        one(
            &run(&f, "2026-03-03T10:05:00Z"),
            RuleId::ReferencePermission
        )
        .reason
        .ends_with("before your next application")
    );
}

#[test]
fn a_saved_application_counts_as_something_new_for_keep_searching() {
    let mut f = met();
    f.interviews[0].created_at = at("2026-03-01T09:00:00Z");
    assert_eq!(
        of(&run(&f, "2026-03-09T10:00:00Z"), RuleId::KeepSearching).len(),
        1
    );
    f.applications
        .push(application("globex", "Globex", at("2026-03-09T09:00:00Z")));
    assert!(of(&run(&f, "2026-03-09T10:00:00Z"), RuleId::KeepSearching).is_empty());
}
