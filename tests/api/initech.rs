//! The two-round story of issue 26 through the HTTP API: a Backend Developer application at
//! Initech, a New York employer, for a user who moved to Tokyo. Two rounds, a recruiter at
//! both, a second job at the same employer, a decision date that moves, and a rejection.
//! Printed with `--nocapture`, the plan as the user reads it on Monday 7 December.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc, Weekday};
use chrono_tz::America::New_York;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::tasks;
use crate::helpers::{Session, TestApp, send};
use crate::instants::{at, time};

async fn tick(app: &TestApp) {
    followup::service::ticker::tick(app.state.service.pool(), app.clock().now())
        .await
        .unwrap();
}

fn in_new_york_hours(at: DateTime<Utc>) -> bool {
    let local = at.with_timezone(&New_York);
    !matches!(local.weekday(), Weekday::Sat | Weekday::Sun) && (9..17).contains(&local.hour())
}

async fn person(app: &TestApp, s: &Session, name: &str, role: &str) -> String {
    app.new_person(s)
        .set("name", name)
        .set("role", role)
        .set("preferred_channel", "email")
        .set(
            "email",
            format!(
                "{}@initech.example",
                name.split(' ').next().unwrap().to_lowercase()
            ),
        )
        .create()
        .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn attend(app: &TestApp, s: &Session, round: &str, who: &str) {
    let reply = send(
        app.put(&format!("/v1/interviews/{round}/interviewers/{who}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

async fn complete(app: &TestApp, s: &Session, task: &Value, channel: &str) {
    let reply = send(
        app.post(&format!(
            "/v1/tasks/{}/complete",
            task["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access)
        .json(&json!({"channel": channel})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

fn for_person<'a>(list: &'a [Value], who: &str, round: &str) -> &'a Value {
    list.iter()
        .find(|t| t["interviewer_id"] == who && t["interview_id"] == round)
        .unwrap_or_else(|| panic!("no task for {who} at {round}: {list:#?}"))
}

async fn patch(app: &TestApp, s: &Session, path: &str, body: Value) -> Value {
    let reply = send(app.patch(path).bearer_auth(&s.access).json(&body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body
}

/// Done as a user does them: the questions and names at the interview, the insights after it.
async fn prepared(app: &TestApp, s: &Session, round: &str) {
    for task in tasks(app, s, &format!("interview_id={round}&status=open")).await {
        if matches!(
            task["rule_id"].as_str(),
            Some("closing_questions" | "collect_names" | "record_insights")
        ) {
            complete(app, s, &task, "in_person").await;
        }
    }
}

async fn open(app: &TestApp, s: &Session, application: &str) -> Vec<Value> {
    tasks(app, s, &format!("application_id={application}&status=open")).await
}

#[actix_web::test]
async fn two_rounds_at_initech_follow_one_application() {
    // Monday 9 November 2026, 10:00 in New York.
    let app = TestApp::spawn_at("2026-11-09T15:00:00Z").await;
    let mut s = app.register("ada@example.com").await;
    patch(
        &app,
        &s,
        "/v1/me",
        json!({"time_zone": "Asia/Tokyo", "strengths": ["clear writing"]}),
    )
    .await;
    let application = app
        .new_application(&s)
        .company("Initech")
        .position("Backend Developer")
        .set("employer_time_zone", "America/New_York")
        .set("applied_on", "2026-11-02")
        .set(
            "strengths",
            json!(["five years of Rust services", "on-call calm"]),
        )
        .set("second_interview_expected_on", "2026-11-17")
        .set("decision_expected_on", "2026-11-20")
        .create()
        .await;
    let id = application["id"].as_str().unwrap().to_string();
    assert_eq!(application["stage"], "applied");
    let pat = person(&app, &s, "Pat Reyes", "interviewer").await;
    let rob = person(&app, &s, "Rob Diaz", "recruiter").await;
    let lee = person(&app, &s, "Lee Chan", "interviewer").await;

    // Round 1, Tuesday 10 November at 10:00 in New York, with Pat and Rob.
    let r1 = app
        .new_interview(&s)
        .of(id.as_str())
        .set("stage", "first")
        .set("scheduled_at", "2026-11-10T15:00:00Z")
        .create()
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    attend(&app, &s, &r1, &pat).await;
    attend(&app, &s, &r1, &rob).await;
    app.travel(&mut s, at("2026-11-10T20:00:00Z")).await;
    tick(&app).await;
    prepared(&app, &s, &r1).await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(notes.len(), 2);
    let draft = notes[0]["draft"].as_str().unwrap();
    assert!(
        draft.contains("five years of Rust services") || draft.contains("on-call calm"),
        "the application's strengths, not the profile's: {draft}"
    );
    assert!(!draft.contains("clear writing"), "{draft}");
    for note in &notes {
        complete(&app, &s, note, "email").await;
    }
    // Two follow-up calls, in New York's business hours, on two business days.
    let calls = tasks(&app, &s, "kind=follow_up_call&status=open").await;
    assert_eq!(calls.len(), 2);
    let dues: Vec<DateTime<Utc>> = calls.iter().map(|c| time(&c["due_at"])).collect();
    assert!(dues.iter().all(|d| in_new_york_hours(*d)), "{dues:?}");
    assert_ne!(
        dues[0].with_timezone(&New_York).date_naive(),
        dues[1].with_timezone(&New_York).date_naive(),
        "one call a business day"
    );

    // Friday 13 November: Pat's call made; Monday 16th: Rob's.
    app.travel(&mut s, at("2026-11-13T16:00:00Z")).await;
    complete(&app, &s, for_person(&calls, &pat, &r1), "phone").await;
    app.travel(&mut s, at("2026-11-16T15:00:00Z")).await;
    complete(&app, &s, for_person(&calls, &rob, &r1), "phone").await;

    // Wednesday 18 November: the date for a second interview has passed.
    app.travel(&mut s, at("2026-11-18T15:00:00Z")).await;
    tick(&app).await;
    let check = &tasks(&app, &s, "kind=second_interview_check&status=open").await;
    assert_eq!(check.len(), 1, "{check:#?}");
    assert_eq!(check[0]["application_id"], id.as_str());
    // A second round for another job at Initech is not this one's.
    let analyst = app
        .new_interview(&s)
        .company("Initech")
        .position("Data Analyst")
        .set("stage", "second")
        .set("scheduled_at", "2026-11-23T15:00:00Z")
        .create()
        .await;
    assert_ne!(analyst["application_id"], id.as_str());
    assert_eq!(
        tasks(&app, &s, "kind=second_interview_check&status=open")
            .await
            .len(),
        1
    );
    // Round 2 of this job, Tuesday 24 November, with Lee and Rob again: the check is answered,
    // and the employer now says it decides by Friday 4 December.
    let r2 = app
        .new_interview(&s)
        .of(id.as_str())
        .set("stage", "second")
        .set("scheduled_at", "2026-11-24T15:00:00Z")
        .create()
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    attend(&app, &s, &r2, &lee).await;
    attend(&app, &s, &r2, &rob).await;
    let answered = &tasks(&app, &s, "kind=second_interview_check").await[0];
    assert_eq!(answered["status"], "cancelled");
    assert_eq!(
        answered["status_reason"],
        "A later round of the Backend Developer process at Initech is booked"
    );
    patch(
        &app,
        &s,
        &format!("/v1/applications/{id}"),
        json!({"decision_expected_on": "2026-12-04"}),
    )
    .await;
    app.travel(&mut s, at("2026-11-24T21:00:00Z")).await;
    tick(&app).await;
    prepared(&app, &s, &r2).await;
    for note in tasks(&app, &s, &format!("interview_id={r2}&kind=thank_you_note")).await {
        complete(&app, &s, &note, "email").await;
    }
    // The round-2 calls, made when they fall due: a business day apart.
    let calls = tasks(&app, &s, &format!("interview_id={r2}&kind=follow_up_call")).await;
    let mut dues: Vec<(DateTime<Utc>, Value)> =
        calls.into_iter().map(|c| (time(&c["due_at"]), c)).collect();
    dues.sort_by_key(|(due, _)| *due);
    assert_eq!(dues.len(), 2);
    for (due, call) in &dues {
        app.travel(&mut s, *due).await;
        complete(&app, &s, call, "phone").await;
    }

    // Monday 7 December, 09:00 in New York: the plan as the user reads it.
    app.travel(&mut s, at("2026-12-07T14:00:00Z")).await;
    tick(&app).await;
    let plan = open(&app, &s, &id).await;
    println!("The Backend Developer application at Initech on Mon 7 Dec 2026, 09:00 New York:");
    for task in &plan {
        println!(
            "- {} | {} | due {} | {}",
            task["rule_id"].as_str().unwrap_or("custom"),
            task["title"].as_str().unwrap(),
            time(&task["due_at"])
                .with_timezone(&New_York)
                .format("%a %-d %b %H:%M"),
            task["reason"].as_str().unwrap()
        );
    }
    let of = |rule: &str| -> Vec<&Value> { plan.iter().filter(|t| t["rule_id"] == rule).collect() };
    let decision = of("decision_check");
    assert_eq!(decision.len(), 1, "one decision check for the application");
    assert!(
        decision[0]["reason"]
            .as_str()
            .unwrap()
            .contains("by Fri 4 Dec")
    );
    assert_eq!(of("weekly_check_in").len(), 1, "one series");
    let calls: Vec<&Value> = plan
        .iter()
        .filter(|t| {
            matches!(
                t["rule_id"].as_str(),
                Some(
                    "follow_up_call"
                        | "decision_check"
                        | "second_interview_check"
                        | "weekly_check_in"
                )
            )
        })
        .collect();
    for (i, a) in calls.iter().enumerate() {
        assert!(in_new_york_hours(time(&a["due_at"])), "{a}");
        for b in calls.iter().skip(i + 1) {
            let (a_day, b_day) = (
                time(&a["due_at"]).with_timezone(&New_York).date_naive(),
                time(&b["due_at"]).with_timezone(&New_York).date_naive(),
            );
            assert_ne!(a_day, b_day, "two calls on one day: {a} {b}");
        }
    }
    let check_in = of("weekly_check_in")[0];
    assert!(
        (time(&check_in["due_at"]) - time(&decision[0]["due_at"])).abs() >= Duration::days(7),
        "{check_in} {}",
        decision[0]
    );

    // Friday 11 December: rejected. The calls end, naming the process; everyone met in either
    // round goes into the business circle, the recruiter once.
    app.travel(&mut s, at("2026-12-11T16:00:00Z")).await;
    let closed = patch(
        &app,
        &s,
        &format!("/v1/applications/{id}"),
        json!({"outcome": "rejected"}),
    )
    .await;
    assert_eq!(closed["stage"], "closed");
    let all = tasks(&app, &s, &format!("application_id={id}")).await;
    for task in &all {
        let rule = task["rule_id"].as_str().unwrap_or_default();
        let now = task["updated_at"] == "2026-12-11T16:00:00Z";
        if matches!(
            rule,
            "follow_up_call" | "decision_check" | "weekly_check_in"
        ) && task["status"] == "cancelled"
            && now
        {
            assert_eq!(
                task["status_reason"], "The Backend Developer process at Initech is over: rejected",
                "{task}"
            );
        }
        assert!(
            !(matches!(rule, "decision_check" | "weekly_check_in") && task["status"] == "open"),
            "{task}"
        );
    }
    let mut circle: Vec<String> = all
        .iter()
        .filter(|t| t["rule_id"] == "business_circle")
        .map(|t| t["interviewer_id"].as_str().unwrap().to_string())
        .collect();
    circle.sort();
    let mut expected = vec![pat.clone(), rob.clone(), lee.clone()];
    expected.sort();
    assert_eq!(circle, expected);
    // The analyst's application at the same employer goes on.
    let other = send(
        app.get(&format!(
            "/v1/applications/{}",
            analyst["application_id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(other.body["outcome"], "pending");
    println!("After the rejection on Fri 11 Dec:");
    for task in tasks(&app, &s, &format!("application_id={id}")).await {
        if task["updated_at"] == "2026-12-11T16:00:00Z" {
            println!(
                "- {} | {} | {} | {}",
                task["rule_id"].as_str().unwrap_or("custom"),
                task["status"].as_str().unwrap(),
                task["title"].as_str().unwrap(),
                task["status_reason"]
                    .as_str()
                    .or(task["reason"].as_str())
                    .unwrap_or_default()
            );
        }
    }
}
