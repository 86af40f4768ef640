//! Open tasks follow their facts (RULES.md, "level-triggered"): a corrected name, a new time zone
//! and a moved interview reach the tasks already planned, in the same request, except the fields
//! the user changed on a task, which stay theirs field by field.

use chrono::{Datelike, Duration, Timelike, Weekday};
use chrono_tz::America::{Los_Angeles, New_York};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, send};
use crate::helpers::{by_person, tasks};
use crate::instants::{iso, time};
use crate::story::STORY_START;

/// An interview in New York yesterday, with Morgan and Maria met there. Maria's thank-you went
/// out by mail at 07:00 this morning, so her call falls before business hours and is moved to a
/// business morning: which one depends on the time zone.
async fn met_two(app: &TestApp) -> (Session, String, String, String) {
    let s = app.register("converge@example.com").await;
    let me = send(
        app.patch("/v1/me")
            .bearer_auth(&s.access)
            .json(&json!({"time_zone": "America/New_York"})),
    )
    .await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    let iv = app
        .new_interview(&s)
        .company("Acme")
        .position("Data Engineer")
        .at(app.clock().now() - Duration::hours(26))
        .set("duration_minutes", 60)
        .create()
        .await;
    let interview = iv["id"].as_str().unwrap().to_string();
    let mut ids = Vec::new();
    for name in ["Morgan Lea", "Maria Lopez"] {
        let p = app
            .new_person(&s)
            .set("name", name)
            .set("preferred_channel", "mail")
            .create()
            .await;
        let id = p["id"].as_str().unwrap().to_string();
        let put = send(
            app.put(&format!("/v1/interviews/{interview}/interviewers/{id}"))
                .bearer_auth(&s.access),
        )
        .await;
        assert_eq!(put.status, StatusCode::CREATED);
        ids.push(id);
    }
    let notes = tasks(app, &s, "kind=thank_you_note").await;
    let maria_note = by_person(&notes, &ids[1])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let done = send(
        app.post(&format!("/v1/tasks/{maria_note}/complete"))
            .bearer_auth(&s.access)
            .json(&json!({
                "channel": "mail", "completed_at": iso(app.clock().now() - Duration::hours(6))
            })),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let morgan = ids.remove(0);
    (s, interview, morgan, ids.remove(0))
}

async fn one(app: &TestApp, s: &Session, kind: &str, person: &str) -> Value {
    by_person(
        &tasks(app, s, &format!("kind={kind}&status=open")).await,
        person,
    )
    .clone()
}

fn business_hours_in(at: &Value, zone: chrono_tz::Tz) -> bool {
    let local = time(at).with_timezone(&zone);
    !matches!(local.weekday(), Weekday::Sat | Weekday::Sun) && (9..17).contains(&local.hour())
}

#[actix_web::test]
async fn a_corrected_name_reaches_the_open_note_but_not_the_title_the_user_wrote() {
    let app = TestApp::spawn_at(STORY_START).await;
    let (s, _, morgan, _) = met_two(&app).await;
    let note = one(&app, &s, "thank_you_note", &morgan).await;
    assert!(note["draft"].as_str().unwrap().contains("Morgan Lea"));
    let id = note["id"].as_str().unwrap().to_string();

    let renamed = send(
        app.patch(&format!("/v1/interviewers/{morgan}"))
            .bearer_auth(&s.access)
            .json(&json!({"name": "Morgan Leigh"})),
    )
    .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    let note = one(&app, &s, "thank_you_note", &morgan).await;
    assert_eq!(note["id"], id.as_str(), "the same task, converged");
    for field in ["title", "draft"] {
        let text = note[field].as_str().unwrap();
        assert!(text.contains("Morgan Leigh"), "{field}: {text}");
        assert!(!text.contains("Morgan Lea"), "{field}: {text}");
    }

    // The user's own title stays theirs; the draft still follows the facts.
    let edited = send(
        app.patch(&format!("/v1/tasks/{id}"))
            .bearer_auth(&s.access)
            .json(&json!({"title": "Card for Morgan, the nice one"})),
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    let renamed = send(
        app.patch(&format!("/v1/interviewers/{morgan}"))
            .bearer_auth(&s.access)
            .json(&json!({"name": "Morgan Leigh-Park"})),
    )
    .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    let note = one(&app, &s, "thank_you_note", &morgan).await;
    assert_eq!(note["title"], "Card for Morgan, the nice one");
    assert!(
        note["draft"]
            .as_str()
            .unwrap()
            .contains("Morgan Leigh-Park")
    );
}

#[actix_web::test]
async fn a_new_time_zone_moves_the_open_call_unless_the_user_moved_it() {
    let app = TestApp::spawn_at(STORY_START).await;
    let (s, _, _, maria) = met_two(&app).await;
    let call = one(&app, &s, "follow_up_call", &maria).await;
    assert!(business_hours_in(&call["due_at"], New_York), "{call}");
    assert!(!business_hours_in(&call["due_at"], Los_Angeles), "{call}");

    let moved = send(
        app.patch("/v1/me")
            .bearer_auth(&s.access)
            .json(&json!({"time_zone": "America/Los_Angeles"})),
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    let call = one(&app, &s, "follow_up_call", &maria).await;
    assert!(business_hours_in(&call["due_at"], Los_Angeles), "{call}");
    assert!(
        business_hours_in(&call["not_before"], Los_Angeles),
        "{call}"
    );

    // A snooze is the user's: going back to New York leaves the snoozed times alone.
    let id = call["id"].as_str().unwrap();
    let until = time(&call["due_at"]) + Duration::days(2);
    let snoozed = send(
        app.post(&format!("/v1/tasks/{id}/snooze"))
            .bearer_auth(&s.access)
            .json(&json!({"until": iso(until)})),
    )
    .await;
    assert_eq!(snoozed.status, StatusCode::OK, "{}", snoozed.text);
    let back = send(
        app.patch("/v1/me")
            .bearer_auth(&s.access)
            .json(&json!({"time_zone": "America/New_York"})),
    )
    .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
    let call = one(&app, &s, "follow_up_call", &maria).await;
    assert_eq!(time(&call["due_at"]), until);
    assert_eq!(time(&call["not_before"]), until);
}

#[actix_web::test]
async fn a_plan_that_did_not_change_leaves_every_task_as_it_was() {
    let app = TestApp::spawn_at(STORY_START).await;
    let (s, interview, _, _) = met_two(&app).await;
    let before = tasks(&app, &s, "").await;
    app.clock().advance(Duration::minutes(5));
    let edit = send(
        app.patch(&format!("/v1/interviews/{interview}"))
            .bearer_auth(&s.access)
            .json(&json!({"location": "Floor 3"})),
    )
    .await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text);
    let (pool, user, now) = (
        app.state.service.pool(),
        s.user_id.clone(),
        app.clock().now(),
    );
    let full =
        followup::db::write::<_, followup::error::ApiError, _>(pool, user.clone(), move |c| {
            Ok(followup::service::reconcile(c, &user, now)?)
        })
        .await
        .unwrap();
    assert_eq!(full.converged, 0, "{full:?}");
    let after = tasks(&app, &s, "").await;
    assert_eq!(before, after, "no version or timestamp moved");
}

/// Found by schemathesis's stateful phase: a done task of a deleted interview, reopened, was
/// left open by the scoped re-plan (the deleted interview was in no scope) while a full re-plan
/// cancels it; the debug build's check made that a 500.
#[actix_web::test]
async fn a_task_of_a_deleted_interview_reopened_is_cancelled_again() {
    let app = TestApp::spawn_at(STORY_START).await;
    let s = app.register("reopen-deleted@example.com").await;
    let iv = app
        .new_interview(&s)
        .company("Acme")
        .position("Analyst")
        .at(app.clock().now() - Duration::hours(30))
        .create()
        .await;
    let insights = tasks(&app, &s, "kind=record_insights").await;
    let id = insights[0]["id"].as_str().unwrap().to_string();
    let done = send(
        app.post(&format!("/v1/tasks/{id}/complete"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let deleted = send(
        app.delete(&format!("/v1/interviews/{}", iv["id"].as_str().unwrap()))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    let reopened = send(
        app.post(&format!("/v1/tasks/{id}/reopen"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.text);
    let after = send(app.get(&format!("/v1/tasks/{id}")).bearer_auth(&s.access)).await;
    assert_eq!(after.body["status"], "cancelled", "{}", after.text);
    assert_eq!(
        after.body["status_reason"],
        "Its round of the Analyst process at Acme was deleted"
    );
}
