//! The page cache: lists answer what the last write left, on every list, however the write came
//! (a request, an action, a delete, the rule ticker); one server per SQLite file.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, send};

/// A list as `s` sees it now: each item's id and, where it has one, its status.
async fn listed(app: &TestApp, s: &Session, path: &str) -> Vec<(String, String)> {
    let reply = send(app.get(path).bearer_auth(&s.access)).await;
    assert_eq!(reply.status, StatusCode::OK, "GET {path}: {}", reply.text);
    reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let status = item["status"]
                .as_str()
                .or(item["deleted"].as_bool().map(|_| "deleted"))
                .unwrap_or("");
            (item["id"].as_str().unwrap().to_string(), status.to_string())
        })
        .collect()
}

async fn ok(request: reqwest::RequestBuilder) -> Value {
    let reply = send(request).await;
    assert!(reply.status.is_success(), "{}", reply.text);
    reply.body
}

#[actix_web::test]
async fn every_list_shows_each_write_at_once() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.state.pages.enabled(),
        app.state.backend == followup::db::Backend::Sqlite,
        "on for SQLite, which one server owns; off for PostgreSQL"
    );
    let s = app.register("cache@example.com").await;
    let custom = "/v1/tasks?kind=custom&limit=200";
    let since = "/v1/tasks?updated_since=2000-01-01T00:00:00Z&limit=200";
    for path in [
        "/v1/interviews",
        "/v1/interviewers",
        "/v1/references",
        custom,
        since,
    ] {
        assert!(listed(&app, &s, path).await.is_empty(), "{path}");
    }

    let iv = app.interview(&s, "Acme").await;
    let iv_id = iv["id"].as_str().unwrap();
    assert_eq!(listed(&app, &s, "/v1/interviews").await.len(), 1);
    let attendees = format!("/v1/interviews/{iv_id}/interviewers");
    assert!(listed(&app, &s, &attendees).await.is_empty());
    let person = app.person(&s, "Maria").await;
    let person_id = person["id"].as_str().unwrap();
    assert_eq!(listed(&app, &s, "/v1/interviewers").await.len(), 1);
    ok(app
        .put(&format!("{attendees}/{person_id}"))
        .bearer_auth(&s.access))
    .await;
    assert_eq!(listed(&app, &s, &attendees).await.len(), 1, "attached");

    let reference = app
        .new_reference(&s)
        .name("Ann")
        .set("email", "ann@example.com")
        .create()
        .await;
    let reference_id = reference["id"].as_str().unwrap();
    assert_eq!(listed(&app, &s, "/v1/references").await.len(), 1);

    let task = app
        .create(&s, "/v1/tasks", json!({"title": "Send the portfolio"}))
        .await;
    let task_id = task["id"].as_str().unwrap().to_string();
    assert_eq!(
        listed(&app, &s, custom).await,
        [(task_id.clone(), "open".into())]
    );
    let synced = listed(&app, &s, since).await;
    assert!(
        synced.contains(&(task_id.clone(), "open".into())),
        "{synced:?}"
    );

    ok(app
        .post(&format!("/v1/tasks/{task_id}/complete"))
        .bearer_auth(&s.access))
    .await;
    assert_eq!(
        listed(&app, &s, custom).await,
        [(task_id.clone(), "done".into())]
    );
    ok(app
        .delete(&format!("/v1/tasks/{task_id}"))
        .bearer_auth(&s.access))
    .await;
    assert!(listed(&app, &s, custom).await.is_empty(), "deleted");
    let synced = listed(&app, &s, since).await;
    assert!(
        synced.contains(&(task_id, "deleted".into())),
        "tombstone: {synced:?}"
    );

    ok(app
        .delete(&format!("{attendees}/{person_id}"))
        .bearer_auth(&s.access))
    .await;
    assert!(listed(&app, &s, &attendees).await.is_empty(), "detached");
    ok(app
        .delete(&format!("/v1/references/{reference_id}"))
        .bearer_auth(&s.access))
    .await;
    assert!(listed(&app, &s, "/v1/references").await.is_empty());
    ok(app
        .delete(&format!("/v1/interviews/{iv_id}"))
        .bearer_auth(&s.access))
    .await;
    assert!(listed(&app, &s, "/v1/interviews").await.is_empty());
}

#[actix_web::test]
async fn another_users_write_leaves_a_list_as_it_was_and_never_shows_in_it() {
    let app = TestApp::spawn().await;
    let alice = app.register("alice-cache@example.com").await;
    let bob = app.register("bob-cache@example.com").await;
    app.interview(&alice, "Acme").await;
    let before = listed(&app, &alice, "/v1/interviews").await;
    app.interview(&bob, "Globex").await;
    assert_eq!(listed(&app, &alice, "/v1/interviews").await, before);
    assert_eq!(
        listed(&app, &bob, "/v1/interviews").await.len(),
        1,
        "bob's own"
    );
}

#[actix_web::test]
async fn a_second_server_on_the_same_sqlite_file_refuses_to_start() {
    let app = TestApp::spawn().await;
    if app.state.backend != followup::db::Backend::Sqlite {
        return;
    }
    let config = (*app.state.config).clone();
    let err = followup::state::AppState::start(config, Default::default())
        .err()
        .expect("refused");
    assert!(err.to_string().contains("another followup server"), "{err}");
}

/// Every list page has a strong `ETag` of its bytes; `If-None-Match` with it is 304 until the
/// page changes, with the page cache on and off.
#[actix_web::test]
async fn list_pages_carry_an_etag_and_answer_304_while_unchanged() {
    for budget in [64, 0] {
        let app = TestApp::spawn_with(|c| c.page_cache_bytes = budget << 20).await;
        let s = app.register("poller@example.com").await;
        app.interview(&s, "Acme").await;
        let other = app.register("other@example.com").await;
        for path in [
            "/v1/interviews",
            "/v1/interviewers",
            "/v1/references",
            "/v1/tasks?limit=10",
        ] {
            let first = send(app.get(path).bearer_auth(&s.access)).await;
            assert_eq!(first.status, StatusCode::OK, "{path}");
            let tag = first.header("etag").expect("an ETag").to_string();
            assert!(tag.starts_with('"') && !tag.starts_with("W/"), "{tag}");
            let again = send(
                app.get(path)
                    .bearer_auth(&s.access)
                    .header("if-none-match", &tag),
            )
            .await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
            assert!(again.text.is_empty());
            assert_eq!(again.header("etag"), Some(tag.as_str()));
            // Another user's page is another page, unless its bytes are the same (both empty).
            if first.body["items"].as_array().unwrap().is_empty() {
                continue;
            }
            let theirs = send(
                app.get(path)
                    .bearer_auth(&other.access)
                    .header("if-none-match", &tag),
            )
            .await;
            assert_eq!(theirs.status, StatusCode::OK, "{path}");
        }
        // A write changes the page, and with it the tag.
        let before = send(app.get("/v1/interviews").bearer_auth(&s.access)).await;
        let tag = before.header("etag").unwrap().to_string();
        app.interview(&s, "Globex").await;
        let after = send(
            app.get("/v1/interviews")
                .bearer_auth(&s.access)
                .header("if-none-match", &tag),
        )
        .await;
        assert_eq!(after.status, StatusCode::OK);
        assert_ne!(after.header("etag"), Some(tag.as_str()));
        assert_eq!(after.body["items"].as_array().unwrap().len(), 2);
    }
}

/// A phone polling an interview's plan gets 304 until the interview or one of its tasks changes.
#[actix_web::test]
async fn the_plan_carries_an_etag_and_answers_304_while_unchanged() {
    let app = TestApp::spawn().await;
    let s = app.register("planner@example.com").await;
    let other = app.register("other@example.com").await;
    let interview = app.interview(&s, "Acme").await;
    let path = format!("/v1/interviews/{}/plan", interview["id"].as_str().unwrap());
    let first = send(app.get(&path).bearer_auth(&s.access)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let tag = first.header("etag").expect("an ETag").to_string();
    let again = send(
        app.get(&path)
            .bearer_auth(&s.access)
            .header("if-none-match", &tag),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.text.is_empty());
    // Another user's tag never opens the plan: it is 404 to them, with or without it.
    let theirs = send(
        app.get(&path)
            .bearer_auth(&other.access)
            .header("if-none-match", &tag),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    // The interview ends: the plan gains its notes, and the tag moves.
    ok(app
        .patch(&format!(
            "/v1/interviews/{}",
            interview["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access)
        .json(&json!({"status": "completed"})))
    .await;
    let after = send(
        app.get(&path)
            .bearer_auth(&s.access)
            .header("if-none-match", &tag),
    )
    .await;
    assert_eq!(after.status, StatusCode::OK);
    assert_ne!(after.header("etag"), Some(tag.as_str()));
    assert_eq!(after.body["interview"]["status"], "completed");
}
