//! What a custom rule can cost: templates filled in one pass whatever the values hold, rendered
//! text within its documented bound, and every list of a definition bounded.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, send};
use crate::story::STORY_START;

/// The abuse report's setup: each value names the next field, twenty times over.
async fn nested(app: &TestApp, s: &crate::helpers::Session) {
    let interview = app
        .new_interview(s)
        .set("company", "{position}".repeat(20))
        .set("position", "{name}".repeat(33))
        .set("scheduled_at", "2026-03-04T14:00:00Z")
        .create()
        .await;
    let person = app
        .new_person(s)
        .set("name", "{title}".repeat(28))
        .set("title", "A".repeat(200))
        .create()
        .await;
    let attach = send(
        app.put(&format!(
            "/v1/interviews/{}/interviewers/{}",
            interview["id"].as_str().unwrap(),
            person["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;
    assert!(attach.status.is_success(), "{}", attach.text);
}

fn definition() -> Value {
    json!({"name": "Nested", "trigger": "interview_scheduled", "target": "person",
           "title": "{company}",
           "description": "{company}{position}{name}{title}".repeat(60),
           "offset": "P1D"})
}

#[actix_web::test]
async fn a_value_is_inserted_as_it_is_and_never_expanded() {
    let app = TestApp::spawn_at(STORY_START).await;
    let s = app.register("nested@example.com").await;
    nested(&app, &s).await;
    let preview = send(
        app.post("/v1/rules/preview")
            .bearer_auth(&s.access)
            .json(&definition()),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    // Before the fix this reply was 33.6 MB.
    assert!(preview.text.len() < 8_000, "{} bytes", preview.text.len());
    let item = &preview.body["items"][0];
    assert_eq!(
        item["title"],
        "{position}".repeat(20),
        "the company as written"
    );
    let reason = item["reason"].as_str().unwrap();
    let description = reason
        .strip_prefix("Your rule \"Nested\": ")
        .expect("the rule's name, then its description");
    assert_eq!(
        description.chars().count(),
        2000,
        "cut at the documented bound"
    );
    assert!(description.ends_with('…'));
    let whole = format!(
        "{}{}{}{}",
        "{position}".repeat(20),
        "{name}".repeat(33),
        "{title}".repeat(28),
        "A".repeat(200)
    );
    assert!(description.starts_with(&whole), "values in order, unread");

    // Saved, the rule's task holds the same bounded text, and the feed stays small.
    let rule = app.create(&s, "/v1/rules", definition()).await;
    let tasks = send(app.get("/v1/tasks?kind=custom").bearer_auth(&s.access)).await;
    let task = &tasks.body["items"][0];
    assert_eq!(task["rule_id"], rule["id"]);
    assert_eq!(task["title"], item["title"]);
    assert_eq!(task["reason"], item["reason"]);
    let feed = send(app.post("/v1/me/calendar-token").bearer_auth(&s.access)).await;
    let token = feed.body["token"].as_str().unwrap();
    let ics = send(app.get(&format!("/v1/calendar.ics?token={token}"))).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(ics.text.len() < 32_000, "{} bytes", ics.text.len());
}

#[actix_web::test]
async fn every_list_in_a_definition_is_bounded() {
    let app = TestApp::spawn().await;
    let s = app.register("lists@example.com").await;
    let base = json!({"name": "Lists", "trigger": "interview_ended", "target": "person",
                      "title": "Call {name}", "offset": "P1D"});
    let with = |filter: Value| {
        let mut body = base.clone();
        body["filter"] = filter;
        body
    };
    let companies: Vec<String> = (0..51).map(|i| format!("Company {i}")).collect();
    for (filter, field) in [
        (json!({"company": companies}), "filter.company"),
        (json!({"stage": vec!["first"; 6]}), "filter.stage"),
        (json!({"outcome": vec!["pending"; 8]}), "filter.outcome"),
        (json!({"role": vec!["interviewer"; 7]}), "filter.role"),
    ] {
        for path in ["/v1/rules", "/v1/rules/preview"] {
            let reply = send(
                app.post(path)
                    .bearer_auth(&s.access)
                    .json(&with(filter.clone())),
            )
            .await;
            assert_eq!(reply.invalid_fields(), vec![field.to_string()], "{path}");
        }
    }
    let fifty: Vec<String> = companies[..50].to_vec();
    let at_bound = with(
        json!({"company": fifty, "stage": ["screening", "first", "second", "final", "other"]}),
    );
    app.create(&s, "/v1/rules", at_bound).await;
}
