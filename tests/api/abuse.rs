//! What one user can do to the service, and to other users: quotas, the write limit, and many
//! requests at once on one resource.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, send};

#[actix_web::test]
async fn quotas_refuse_one_more_with_a_problem_naming_the_limit() {
    let app = TestApp::spawn_with(|c| {
        c.quotas.interviews = 2;
        c.quotas.people = 1;
        c.quotas.references = 1;
        c.quotas.open_tasks = 40;
    })
    .await;
    let s = app.register("hoarder@example.com").await;
    let other = app.register("modest@example.com").await;
    let first = app.interview(&s, "One").await;
    app.interview(&s, "Two").await;
    let create = |path: &'static str, body: serde_json::Value| {
        let request = app.post(path).bearer_auth(&s.access).json(&body);
        async move { send(request).await }
    };
    let interview =
        json!({"company": "Three", "position": "x", "scheduled_at": "2026-03-03T14:00:00Z"});
    let refused = create("/v1/interviews", interview.clone()).await;
    assert_eq!(refused.problem(409)["type"], "/problems/quota-exceeded");
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains("2 interviews")
    );
    // Another user is not affected, and deleting one makes room again.
    app.interview(&other, "Theirs").await;
    let deleted = send(
        app.delete(&format!("/v1/interviews/{}", first["id"].as_str().unwrap()))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        create("/v1/interviews", interview).await.status,
        StatusCode::CREATED
    );

    app.person(&s, "Kim").await;
    let person = create("/v1/interviewers", json!({"name": "Lee"})).await;
    assert!(
        person.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("1 people")
    );
    app.new_reference(&s).name("Dana").create().await;
    let reference = create("/v1/references", json!({"name": "Sam"})).await;
    assert!(
        reference.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("1 references")
    );

    // Open tasks: the engine's count too; create until the limit answers.
    let mut created = 0;
    let refused = loop {
        let reply = create("/v1/tasks", json!({"title": "Another one"})).await;
        if reply.status != StatusCode::CREATED {
            break reply;
        }
        created += 1;
        assert!(created <= 40, "the open-task quota never answered");
    };
    assert!(
        refused.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("40 open tasks")
    );
    let open = send(
        app.get("/v1/tasks?status=open&limit=200")
            .bearer_auth(&s.access),
    )
    .await;
    let open = open.body["items"].as_array().unwrap().clone();
    assert_eq!(open.len(), 40);
    // A task done and a task deleted are no longer open: each makes room for one more.
    let id = |i: usize| open[i]["id"].as_str().unwrap().to_string();
    let done = send(
        app.post(&format!("/v1/tasks/{}/complete", id(0)))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let deleted = send(
        app.delete(&format!("/v1/tasks/{}", id(1)))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    for _ in 0..2 {
        let reply = create("/v1/tasks", json!({"title": "Room again"})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    }
    let refused = create("/v1/tasks", json!({"title": "One too many"})).await;
    assert_eq!(refused.problem(409)["type"], "/problems/quota-exceeded");
}

#[actix_web::test]
async fn a_user_flooding_writes_is_slowed_and_nobody_else_is() {
    let app = TestApp::spawn_with(|c| {
        c.writes.burst = 5;
        c.writes.per_minute = 1;
    })
    .await;
    let flooder = app.register("flood@example.com").await;
    let neighbour = app.register("calm@example.com").await;
    let write = |access: &str, title: &str| {
        app.post("/v1/tasks")
            .bearer_auth(access)
            .json(&json!({"title": title}))
    };
    let mut remaining = Vec::new();
    for i in 0..5 {
        let reply = send(write(&flooder.access, &format!("task {i}"))).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        assert_eq!(
            reply.header("ratelimit-policy"),
            Some("\"writes\";q=5;w=300")
        );
        remaining.push(reply.header("ratelimit").unwrap().to_string());
    }
    assert!(
        remaining[0].starts_with("\"writes\";r=4;t="),
        "{remaining:?}"
    );
    assert!(
        remaining[4].starts_with("\"writes\";r=0;t="),
        "{remaining:?}"
    );

    // A burst of fifty more, at once: every one refused, nothing written.
    let replies =
        join_all((0..50).map(|i| send(write(&flooder.access, &format!("flood {i}"))))).await;
    for reply in &replies {
        reply.problem(429);
        let wait: u64 = reply.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        // `t` is when the allowance is full again, as on the last write that went through (the
        // clock stands still); the wait for the next write is `Retry-After`.
        assert_eq!(reply.header("ratelimit"), Some(remaining[4].as_str()));
    }
    assert_eq!(remaining[4], "\"writes\";r=0;t=300");
    let mine = send(
        app.get("/v1/tasks?kind=custom&limit=200")
            .bearer_auth(&flooder.access),
    )
    .await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 5);
    // Reads still work for the flooder, and the neighbour's writes go through.
    assert_eq!(
        send(app.get("/v1/me").bearer_auth(&flooder.access))
            .await
            .status,
        StatusCode::OK
    );
    for i in 0..5 {
        let reply = send(write(&neighbour.access, &format!("mine {i}"))).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }
}

#[actix_web::test]
async fn fifty_concurrent_completions_of_one_task_complete_it_once() {
    let app = TestApp::spawn().await;
    let s = app.register("racer@example.com").await;
    let task = app
        .create(&s, "/v1/tasks", json!({"title": "Mail the note"}))
        .await;
    let id = task["id"].as_str().unwrap();
    let replies = join_all((0..50).map(|_| {
        send(
            app.post(&format!("/v1/tasks/{id}/complete"))
                .bearer_auth(&s.access)
                .json(&json!({"channel": "email"})),
        )
    }))
    .await;
    let ok = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    let conflicts = replies
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT)
        .count();
    assert_eq!(
        (ok, conflicts),
        (1, 49),
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
}

#[actix_web::test]
async fn fifty_concurrent_patches_with_one_if_match_let_exactly_one_win() {
    let app = TestApp::spawn().await;
    let s = app.register("patcher@example.com").await;
    let interview = app.interview(&s, "Acme").await;
    let id = interview["id"].as_str().unwrap();
    let path = format!("/v1/interviews/{id}");
    let etag = send(app.get(&path).bearer_auth(&s.access))
        .await
        .header("etag")
        .unwrap()
        .to_string();
    let replies = join_all((0..50).map(|i| {
        send(
            app.patch(&path)
                .bearer_auth(&s.access)
                .header("if-match", &etag)
                .json(&json!({"notes": format!("edit {i}")})),
        )
    }))
    .await;
    let ok = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    let failed = replies
        .iter()
        .filter(|r| r.status == StatusCode::PRECONDITION_FAILED)
        .count();
    assert_eq!((ok, failed), (1, 49));
}

#[actix_web::test]
async fn fifty_concurrent_patches_without_if_match_all_succeed_in_turn() {
    let app = TestApp::spawn().await;
    let s = app.register("blind@example.com").await;
    let interview = app.interview(&s, "Acme").await;
    let id = interview["id"].as_str().unwrap();
    let path = format!("/v1/interviews/{id}");
    let replies = join_all((0..50).map(|i| {
        send(
            app.patch(&path)
                .bearer_auth(&s.access)
                .json(&json!({"notes": format!("edit {i}")})),
        )
    }))
    .await;
    for reply in &replies {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    }
    let now = send(app.get(&path).bearer_auth(&s.access)).await;
    // Fifty writes, each applied once: the version moved by exactly fifty.
    assert_eq!(now.header("etag"), Some(format!("\"{}\"", 1 + 50).as_str()));
}
