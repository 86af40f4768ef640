//! The calendar feed, read as a calendar app reads it and parsed with `ical`, a parser
//! independent of the `icalendar` crate that writes it.

use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{Reply, Session, TestApp, send};

/// The feed's events, each as its properties by name.
fn events(feed: &str) -> Vec<HashMap<String, String>> {
    let mut calendars = ical::IcalParser::new(feed.as_bytes());
    let calendar = calendars
        .next()
        .expect("a calendar")
        .expect("the feed parses");
    assert!(calendars.next().is_none(), "one calendar");
    calendar
        .events
        .into_iter()
        .map(|event| {
            event
                .properties
                .into_iter()
                .map(|p| (p.name, p.value.unwrap_or_default()))
                .collect()
        })
        .collect()
}

async fn feed_address(app: &TestApp, s: &Session) -> String {
    let reply = send(app.post("/v1/me/calendar-token").bearer_auth(&s.access)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let url = reply.body["url"].as_str().unwrap();
    let token = reply.body["token"].as_str().unwrap();
    assert!(token.starts_with("fucal_"), "{token}");
    assert!(
        url.ends_with(&format!("/v1/calendar.ics?token={token}")),
        "{url}"
    );
    format!("/v1/calendar.ics?token={token}")
}

async fn fetch(app: &TestApp, path: &str) -> Reply {
    send(app.get(path)).await
}

#[actix_web::test]
async fn the_feed_shows_open_tasks_keeps_uids_across_edits_and_cancels_removed_ones() {
    let app = TestApp::spawn_at("2030-03-02T08:00:00Z").await;
    let s = app.register("calendar@example.com").await;
    let path = feed_address(&app, &s).await;
    let title = "Merci à Zoë Ørsted — 面接のお礼 😀 ".repeat(5);
    let task = app
        .create(
            &s,
            "/v1/tasks",
            json!({"title": title.trim(), "due_at": "2030-03-03T09:30:00Z",
                "draft": "Dear Zoë,\nthank you; it was a pleasure, truly."}),
        )
        .await;
    let id = task["id"].as_str().unwrap();
    app.create(&s, "/v1/tasks", json!({"title": "No time set"}))
        .await;

    let first = fetch(&app, &path).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(
        first.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    for line in first.text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains('\n'), "a bare LF: {line:?}");
    }
    assert!(first.text.ends_with("\r\n"));
    let events = events(&first.text);
    assert_eq!(events.len(), 1, "the task without a due time is left out");
    let event = &events[0];
    let uid = format!("{id}@followup");
    assert_eq!(event["UID"], uid);
    assert_eq!(event["SUMMARY"], title.trim(), "folded and unfolded whole");
    assert_eq!(event["DTSTART"], "20300303T093000Z");
    assert_eq!(event["STATUS"], "CONFIRMED");
    assert!(event.contains_key("DTSTAMP"));
    assert!(event["DESCRIPTION"].contains("Dear Zoë\\,\\nthank you\\; it was"));
    let sequence: u32 = event["SEQUENCE"].parse().unwrap();

    // A poll with the tag it holds costs nothing.
    let tag = first.header("etag").unwrap().to_string();
    let again = send(app.get(&path).header("If-None-Match", &tag)).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    let edited = send(
        app.patch(&format!("/v1/tasks/{id}"))
            .bearer_auth(&s.access)
            .json(&json!({"title": "Write to Zoë", "due_at": "2030-03-04T10:00:00Z"})),
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    let changed = send(app.get(&path).header("If-None-Match", &tag)).await;
    assert_eq!(changed.status, StatusCode::OK);
    let event = &events_of(&changed)[0];
    assert_eq!(event["UID"], uid, "the same event, moved");
    assert_eq!(event["SUMMARY"], "Write to Zoë");
    assert_eq!(event["DTSTART"], "20300304T100000Z");
    assert!(event["SEQUENCE"].parse::<u32>().unwrap() > sequence);

    let deleted = send(
        app.delete(&format!("/v1/tasks/{id}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    let gone = &events_of(&fetch(&app, &path).await)[0];
    assert_eq!(gone["UID"], uid);
    assert_eq!(gone["STATUS"], "CANCELLED");
}

fn events_of(reply: &Reply) -> Vec<HashMap<String, String>> {
    events(&reply.text)
}

#[actix_web::test]
async fn a_rotated_or_stopped_feed_token_stops_working_and_opens_nothing_else() {
    let app = TestApp::spawn().await;
    let alice = app.register("alice@example.com").await;
    let bob = app.register("bob@example.com").await;
    app.create(
        &bob,
        "/v1/tasks",
        json!({"title": "Bob's call", "due_at": "2030-03-03T09:30:00Z"}),
    )
    .await;
    let old = feed_address(&app, &alice).await;
    assert_eq!(fetch(&app, &old).await.status, StatusCode::OK);
    let bobs = feed_address(&app, &bob).await;
    assert!(
        events_of(&fetch(&app, &old).await).is_empty(),
        "Alice's feed shows none of Bob's tasks"
    );
    assert_eq!(events_of(&fetch(&app, &bobs).await).len(), 1);

    let new = feed_address(&app, &alice).await;
    assert_ne!(old, new);
    fetch(&app, &old).await.problem(401);
    assert_eq!(fetch(&app, &new).await.status, StatusCode::OK);

    // The feed token is no bearer token, and an API token cannot make a feed.
    let token = new.rsplit('=').next().unwrap();
    send(app.get("/v1/tasks").bearer_auth(token))
        .await
        .problem(401);
    let api = crate::api_tokens::api_token(&app, &alice, &["tasks:read"]).await;
    send(app.post("/v1/me/calendar-token").bearer_auth(&api))
        .await
        .problem(403);
    send(app.delete("/v1/me/calendar-token").bearer_auth(&api))
        .await
        .problem(403);
    // Nor is a session's access token a feed token.
    fetch(&app, &format!("/v1/calendar.ics?token={}", alice.access))
        .await
        .problem(422);

    let stopped = send(
        app.delete("/v1/me/calendar-token")
            .bearer_auth(&alice.access),
    )
    .await;
    assert_eq!(stopped.status, StatusCode::NO_CONTENT);
    fetch(&app, &new).await.problem(401);
    send(
        app.delete("/v1/me/calendar-token")
            .bearer_auth(&alice.access),
    )
    .await
    .problem(404);
    assert_eq!(fetch(&app, &bobs).await.status, StatusCode::OK);
}

#[actix_web::test]
async fn the_feed_address_is_the_servers_own_whatever_a_caller_forwards() {
    let app = TestApp::spawn().await;
    let s = app.register("forwarded@example.com").await;
    let forged = send(
        app.post("/v1/me/calendar-token")
            .bearer_auth(&s.access)
            .header("X-Forwarded-Host", "attacker.example")
            .header("X-Forwarded-Proto", "https")
            .header("Forwarded", "host=attacker.example;proto=https"),
    )
    .await;
    let url = forged.body["url"].as_str().unwrap();
    assert!(
        url.starts_with("http://127.0.0.1:8080/v1/calendar.ics?token="),
        "{url}"
    );

    let configured = TestApp::spawn_with(|c| {
        c.public_url = Some("https://followup.example".into());
    })
    .await;
    let s = configured.register("configured@example.com").await;
    let reply = send(
        configured
            .post("/v1/me/calendar-token")
            .bearer_auth(&s.access)
            .header("X-Forwarded-Host", "attacker.example"),
    )
    .await;
    let url = reply.body["url"].as_str().unwrap();
    assert!(
        url.starts_with("https://followup.example/v1/calendar.ics?token=fucal_"),
        "{url}"
    );
}
