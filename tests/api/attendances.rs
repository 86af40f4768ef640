//! Attendances sync on their own, as a phone keeps its copy of who was at which interview:
//! `GET /v1/attendances` pages them, `updated_since` returns attaches and edits as attendances
//! and detaches (and deletions of the person or the interview) as tombstones, and none of it
//! moves the interview's version.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, send};

async fn attend(app: &TestApp, s: &Session, interview: &str, person: &str, body: Value) -> Value {
    let reply = send(
        app.put(&format!("/v1/interviews/{interview}/interviewers/{person}"))
            .bearer_auth(&s.access)
            .json(&body),
    )
    .await;
    assert!(reply.status.is_success(), "{}", reply.text);
    reply.body
}

async fn page(app: &TestApp, s: &Session, query: &str) -> Vec<Value> {
    let reply = send(
        app.get(&format!("/v1/attendances{query}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body["items"].as_array().unwrap().clone()
}

#[actix_web::test]
async fn attendances_sync_with_tombstones_and_leave_the_interview_alone() {
    let app = TestApp::spawn().await;
    let s = app.register("sync@example.com").await;
    let interview = app.interview(&s, "Initech").await;
    let round = interview["id"].as_str().unwrap().to_string();
    let maria = app.person(&s, "Maria Lopez").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sam = app.person(&s, "Sam Reed").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = send(
        app.get(&format!("/v1/interviews/{round}"))
            .bearer_auth(&s.access),
    )
    .await;

    let first = attend(&app, &s, &round, &maria, json!({})).await;
    assert_eq!(first["object"], "attendance");
    attend(
        &app,
        &s,
        &round,
        &sam,
        json!({"discussed": "the office move"}),
    )
    .await;
    let after = send(
        app.get(&format!("/v1/interviews/{round}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(
        after.header("etag"),
        before.header("etag"),
        "the interview did not move"
    );
    assert_eq!(after.body["updated_at"], before.body["updated_at"]);

    let all = page(&app, &s, "").await;
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["id"], first["id"]);
    assert!(all.iter().all(|a| a["interview_id"] == round.as_str()));
    // Paged by cursor like every list.
    let one = send(app.get("/v1/attendances?limit=1").bearer_auth(&s.access)).await;
    let next = one.body["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_string();
    let rest = page(&app, &s, &format!("?limit=1&cursor={next}")).await;
    assert_eq!(rest[0]["id"], all[1]["id"]);

    // What changes after a mark: an edit as the attendance, a detach as its tombstone.
    let mark = app
        .clock()
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    app.clock().advance(chrono::Duration::seconds(1));
    attend(
        &app,
        &s,
        &round,
        &maria,
        json!({"discussed": "your team's move to streaming"}),
    )
    .await;
    app.clock().advance(chrono::Duration::seconds(1));
    let detached = send(
        app.delete(&format!("/v1/interviews/{round}/interviewers/{sam}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(detached.status, StatusCode::NO_CONTENT, "{}", detached.text);
    let since = format!("?updated_since={}", mark.replace('+', "%2B"));
    let changed = page(&app, &s, &since).await;
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert_eq!(changed[0]["object"], "attendance");
    assert_eq!(changed[0]["discussed"], "your team's move to streaming");
    assert_eq!(changed[1]["object"], "tombstone");
    assert_eq!(changed[1]["deleted"], true);
    assert_eq!(changed[1]["id"], all[1]["id"]);
    assert_eq!(
        page(&app, &s, "").await.len(),
        1,
        "the live list leaves Sam out"
    );
    let attendees = send(
        app.get(&format!("/v1/interviews/{round}/interviewers"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(attendees.body["items"].as_array().unwrap().len(), 1);

    // Attached again, Sam is back under the same id, with nothing discussed yet.
    app.clock().advance(chrono::Duration::seconds(1));
    let again = attend(&app, &s, &round, &sam, json!({})).await;
    assert_eq!(again["id"], all[1]["id"]);
    assert_eq!(again["discussed"], Value::Null);

    // Deleting the person ends their attendances: a tombstone, and the interview stays put.
    let mark = app
        .clock()
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    app.clock().advance(chrono::Duration::seconds(1));
    let gone = send(
        app.delete(&format!("/v1/interviewers/{maria}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let changed = page(
        &app,
        &s,
        &format!("?updated_since={}", mark.replace('+', "%2B")),
    )
    .await;
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["id"], first["id"]);
    assert_eq!(changed[0]["object"], "tombstone");
    let last = send(
        app.get(&format!("/v1/interviews/{round}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(last.header("etag"), before.header("etag"));

    // Another user has none of them.
    let other = app.register("other@example.com").await;
    assert!(page(&app, &other, "").await.is_empty());
    assert!(
        page(&app, &other, "?updated_since=2000-01-01T00:00:00Z")
            .await
            .is_empty()
    );
}

#[actix_web::test]
async fn one_attendance_is_read_if_the_person_was_there() {
    let app = TestApp::spawn().await;
    let s = app.register("one@example.com").await;
    let other = app.register("other@example.com").await;
    let round = app.new_interview(&s).id().await;
    let maria = app.new_person(&s).name("Maria Lopez").id().await;
    let sam = app.new_person(&s).name("Sam Reed").id().await;
    attend(
        &app,
        &s,
        &round,
        &maria,
        json!({"discussed": "event streaming"}),
    )
    .await;
    let read = |who: &Session, person: &str| {
        send(
            app.get(&format!("/v1/interviews/{round}/interviewers/{person}"))
                .bearer_auth(&who.access),
        )
    };
    let there = read(&s, &maria).await;
    assert_eq!(there.status, StatusCode::OK, "{}", there.text);
    assert_eq!(there.body["discussed"], "event streaming");
    // Someone who was not there, and the same attendance for another user: not found.
    read(&s, &sam).await.problem(404);
    read(&other, &maria).await.problem(404);
}
