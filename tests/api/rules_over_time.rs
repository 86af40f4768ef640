//! One test through HTTP for each rule the engine story does not reach, on a manual clock: the
//! task appears when RULES.md says, at the time it says, and ends when its fact changes.
//! The user's time zone is UTC, so business hours are 09:00–17:00 UTC.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::tasks;
use crate::helpers::{Session, TestApp, send};
use crate::instants::{at, time};
use crate::story::STORY_START;

async fn patch(app: &TestApp, s: &Session, path: &str, body: Value) -> Value {
    let reply = send(app.patch(path).bearer_auth(&s.access).json(&body)).await;
    assert_eq!(reply.status, StatusCode::OK, "PATCH {path}: {}", reply.text);
    reply.body
}

async fn attach(app: &TestApp, s: &Session, interview: &str, person: &str) {
    let put = send(
        app.put(&format!("/v1/interviews/{interview}/interviewers/{person}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.text);
}

/// The only task of `kind`, whatever its status.
async fn only(app: &TestApp, s: &Session, kind: &str) -> Value {
    let list = tasks(app, s, &format!("kind={kind}")).await;
    assert_eq!(list.len(), 1, "{kind}: {list:#?}");
    list[0].clone()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// Tuesday 3 March, 18:00: an interview that ended at 15:00.
async fn ended(app: &TestApp, s: &Session, company: &str, extra: Value) -> String {
    let mut body = json!({
        "company": company, "position": "Analyst", "scheduled_at": "2026-03-03T14:00:00Z"
    });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    id(&app.create(s, "/v1/interviews", body).await)
}

#[actix_web::test]
async fn ask_contact_channel_until_the_channel_is_known() {
    let app = TestApp::spawn_at(STORY_START).await;
    let s = app.register("channel@example.com").await;
    let interview = ended(&app, &s, "Acme", json!({})).await;
    let person = id(&app.person(&s, "Dana Cruz").await);
    attach(&app, &s, &interview, &person).await;
    let ask = only(&app, &s, "ask_contact_channel").await;
    assert_eq!(ask["interviewer_id"], person.as_str());
    assert!(ask["title"].as_str().unwrap().contains("Dana Cruz"));
    // The interview ended at 15:00; four hours later is after hours: the next business morning.
    assert_eq!(time(&ask["due_at"]), at("2026-03-04T09:00:00Z"));
    patch(
        &app,
        &s,
        &format!("/v1/interviewers/{person}"),
        json!({"preferred_channel": "email"}),
    )
    .await;
    let ended = only(&app, &s, "ask_contact_channel").await;
    assert_eq!(ended["status"], "cancelled");
    assert_eq!(
        ended["status_reason"],
        "You know now how to reach Dana Cruz: email"
    );
}

#[actix_web::test]
async fn decision_check_the_morning_after_the_date_passes_until_an_outcome() {
    let app = TestApp::spawn_at(STORY_START).await;
    let mut s = app.register("decision@example.com").await;
    let interview = ended(
        &app,
        &s,
        "Acme",
        json!({"decision_expected_on": "2026-03-05"}),
    )
    .await;
    assert!(tasks(&app, &s, "kind=decision_check").await.is_empty());
    // Friday 6 March, after the date: the check is due that business morning.
    app.travel(&mut s, at("2026-03-06T08:00:00Z")).await;
    followup::service::ticker::tick(app.state.service.pool(), app.clock().now())
        .await
        .unwrap();
    let check = only(&app, &s, "decision_check").await;
    assert_eq!(time(&check["due_at"]), at("2026-03-06T09:00:00Z"));
    assert_eq!(check["channel"], "phone");
    // The user logs that they emailed Acme yesterday: the open check keeps a week from it.
    let logged = app
        .create(
            &s,
            "/v1/tasks",
            json!({"title": "Emailed Acme", "interview_id": interview}),
        )
        .await;
    let done = send(
        app.post(&format!("/v1/tasks/{}/complete", id(&logged)))
            .bearer_auth(&s.access)
            .json(&json!({"channel": "email", "completed_at": "2026-03-05T15:00:00Z"})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let moved = only(&app, &s, "decision_check").await;
    assert_eq!(moved["id"], check["id"], "the same open task, moved");
    assert_eq!(time(&moved["due_at"]), at("2026-03-12T15:00:00Z"));
    patch(
        &app,
        &s,
        &format!("/v1/interviews/{interview}"),
        json!({"outcome": "rejected"}),
    )
    .await;
    let ended = only(&app, &s, "decision_check").await;
    assert_eq!(ended["status"], "cancelled");
    assert_eq!(
        ended["status_reason"],
        "The Analyst process at Acme is over: rejected"
    );
}

#[actix_web::test]
async fn second_interview_check_until_the_second_interview_is_booked() {
    let app = TestApp::spawn_at(STORY_START).await;
    let s = app.register("second@example.com").await;
    ended(
        &app,
        &s,
        "Acme",
        json!({"stage": "first", "second_interview_expected_on": "2026-03-02"}),
    )
    .await;
    let check = only(&app, &s, "second_interview_check").await;
    assert_eq!(time(&check["due_at"]), at("2026-03-03T09:00:00Z"));
    app.new_interview(&s)
        .company("ACME ")
        .position("Analyst")
        .set("stage", "second")
        .set("scheduled_at", "2026-03-10T14:00:00Z")
        .create()
        .await;
    let ended = only(&app, &s, "second_interview_check").await;
    assert_eq!(ended["status"], "cancelled");
    assert_eq!(
        ended["status_reason"],
        "A later round of the Analyst process at Acme is booked"
    );
}

#[actix_web::test]
async fn reference_heads_up_the_business_day_before_a_final_interview() {
    let app = TestApp::spawn_at(STORY_START).await;
    let s = app.register("heads-up@example.com").await;
    let reference = app
        .new_reference(&s)
        .name("John Smith")
        .set("permission", "granted")
        .create()
        .await;
    // A final interview on Monday 9 March: the heads-up is Friday's business morning.
    let interview = id(&app
        .new_interview(&s)
        .company("Acme")
        .position("Analyst")
        .set("stage", "final")
        .set("scheduled_at", "2026-03-09T14:00:00Z")
        .create()
        .await);
    let heads_up = only(&app, &s, "reference_heads_up").await;
    assert_eq!(heads_up["reference_id"], reference["id"]);
    assert_eq!(time(&heads_up["due_at"]), at("2026-03-06T09:00:00Z"));
    // Rejected before it: there is nothing to warn them of.
    patch(
        &app,
        &s,
        &format!("/v1/interviews/{interview}"),
        json!({"outcome": "rejected"}),
    )
    .await;
    let ended = only(&app, &s, "reference_heads_up").await;
    assert_eq!(ended["status"], "cancelled");
    assert_eq!(
        ended["status_reason"],
        "The Analyst process at Acme is over: rejected"
    );
}

#[actix_web::test]
async fn keep_searching_each_quiet_week_until_an_interview_is_added() {
    let app = TestApp::spawn_at(STORY_START).await;
    let mut s = app.register("searching@example.com").await;
    let created = app.clock().now();
    ended(&app, &s, "Acme", json!({})).await;
    assert!(tasks(&app, &s, "kind=keep_searching").await.is_empty());
    let pool = app.state.service.pool();
    app.travel(&mut s, created + Duration::days(7) + Duration::hours(1))
        .await;
    followup::service::ticker::tick(pool, app.clock().now())
        .await
        .unwrap();
    let week = only(&app, &s, "keep_searching").await;
    assert_eq!(time(&week["due_at"]), created + Duration::days(7));
    assert_eq!(week["status"], "open");

    // A week later, still quiet: this week's reminder replaces last week's.
    app.travel(&mut s, created + Duration::days(14) + Duration::hours(1))
        .await;
    followup::service::ticker::tick(pool, app.clock().now())
        .await
        .unwrap();
    let last_week = tasks(&app, &s, "kind=keep_searching&status=cancelled").await;
    assert_eq!(last_week.len(), 1);
    assert_eq!(last_week[0]["id"], week["id"]);
    assert_eq!(
        last_week[0]["status_reason"],
        "This week's reminder replaced it"
    );
    let week = tasks(&app, &s, "kind=keep_searching&status=open").await;
    assert_eq!(time(&week[0]["due_at"]), created + Duration::days(14));

    app.new_interview(&s)
        .company("Globex")
        .position("Analyst")
        .at(app.clock().now() + Duration::days(3))
        .create()
        .await;
    let ended = tasks(&app, &s, "kind=keep_searching").await;
    assert!(
        ended.iter().all(|t| t["status"] == "cancelled"),
        "{ended:#?}"
    );
    let this_week = ended.iter().find(|t| t["id"] == week[0]["id"]).unwrap();
    assert_eq!(
        this_week["status_reason"],
        "You added an interview at Globex"
    );
}

#[actix_web::test]
async fn stay_visible_one_month_at_a_time_after_an_accepted_offer() {
    let app = TestApp::spawn_at(STORY_START).await;
    let mut s = app.register("visible@example.com").await;
    let interview = ended(&app, &s, "Acme", json!({})).await;
    let accepted = app.clock().now();
    patch(
        &app,
        &s,
        &format!("/v1/interviews/{interview}"),
        json!({"outcome": "offer_accepted"}),
    )
    .await;
    let month = only(&app, &s, "stay_visible").await;
    assert_eq!(time(&month["due_at"]), accepted + Duration::days(30));

    // Due, then overdue: the same reminder waits, open, however long it takes.
    let pool = app.state.service.pool();
    app.travel(&mut s, accepted + Duration::days(15)).await;
    for days in [30, 31, 45] {
        app.travel(&mut s, accepted + Duration::days(days)).await;
        followup::service::ticker::tick(pool, app.clock().now())
            .await
            .unwrap();
        let now = only(&app, &s, "stay_visible").await;
        assert_eq!(now["id"], month["id"]);
        assert_eq!(now["status"], "open", "day {days}");
    }
    let done = send(
        app.post(&format!("/v1/tasks/{}/complete", id(&month)))
            .bearer_auth(&s.access)
            .json(&json!({})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let next = tasks(&app, &s, "kind=stay_visible&status=open").await;
    assert_eq!(next.len(), 1);
    assert_eq!(time(&next[0]["due_at"]), accepted + Duration::days(60));
}

/// Keys carry the occurrence they answer: a note sent for a meeting that was then moved does not
/// cover the meeting that took place, and a check done for one decision date does not cover the
/// next date the company gives.
#[actix_web::test]
async fn a_moved_meeting_or_a_new_decision_date_brings_a_new_task() {
    let app = TestApp::spawn_at(STORY_START).await;
    let mut s = app.register("occurrence@example.com").await;
    let interview = ended(
        &app,
        &s,
        "Acme",
        json!({"decision_expected_on": "2026-03-02"}),
    )
    .await;
    let person = id(&app.person(&s, "Dana Cruz").await);
    attach(&app, &s, &interview, &person).await;
    for kind in ["thank_you_note", "decision_check"] {
        let task = only(&app, &s, kind).await;
        let done = send(
            app.post(&format!("/v1/tasks/{}/complete", id(&task)))
                .bearer_auth(&s.access)
                .json(&json!({"channel": "email"})),
        )
        .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    }

    // The meeting is moved to Thursday (say it had to be held again), and the decision with it.
    patch(
        &app,
        &s,
        &format!("/v1/interviews/{interview}"),
        json!({
            "scheduled_at": "2026-03-05T14:00:00Z", "decision_expected_on": "2026-03-09"
        }),
    )
    .await;
    assert_eq!(
        tasks(&app, &s, "kind=thank_you_note&status=open")
            .await
            .len(),
        0
    );
    app.travel(&mut s, at("2026-03-10T08:00:00Z")).await;
    followup::service::ticker::tick(app.state.service.pool(), app.clock().now())
        .await
        .unwrap();
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(notes.len(), 2, "{notes:#?}");
    let new_note = notes.iter().find(|t| t["status"] == "open").unwrap();
    assert_eq!(time(&new_note["due_at"]), at("2026-03-06T15:00:00Z"));
    let checks = tasks(&app, &s, "kind=decision_check").await;
    assert_eq!(checks.len(), 2, "{checks:#?}");
    let new_check = checks.iter().find(|t| t["status"] == "open").unwrap();
    // Due the morning after the new date at the earliest (the cadence guard keeps it a week
    // from the follow-up call to Dana).
    assert!(time(&new_check["due_at"]) >= at("2026-03-10T09:00:00Z"));
    assert!(
        new_check["reason"].as_str().unwrap().contains("Mon 9 Mar"),
        "{new_check}"
    );
}
