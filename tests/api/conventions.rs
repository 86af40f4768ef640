//! The conventions mobile apps and plugins rely on: cursor lists, sync with tombstones, ETags
//! and conditional writes, and idempotent POSTs.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, send};

#[actix_web::test]
async fn a_walk_sees_every_row_once_even_while_rows_are_added() {
    let app = TestApp::spawn().await;
    let s = app.register("walk@example.com").await;
    let mut expected = HashSet::new();
    for i in 0..7 {
        let p = app.person(&s, &format!("Person {i}")).await;
        expected.insert(p["id"].as_str().unwrap().to_string());
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/interviewers?limit=3&cursor={c}"),
            None => "/v1/interviewers?limit=3".to_string(),
        };
        let page = send(app.get(&path).bearer_auth(&s.access)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let items = page.body["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        seen.extend(items.iter().map(|p| p["id"].as_str().unwrap().to_string()));
        pages += 1;
        if pages == 1 {
            // Added during the walk: comes at the end, once.
            let late = app.person(&s, "Late").await;
            expected.insert(late["id"].as_str().unwrap().to_string());
        }
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), expected.len(), "no row twice");
    assert_eq!(seen.iter().cloned().collect::<HashSet<_>>(), expected);
    assert_eq!(pages, 3);

    let garbage = send(
        app.get("/v1/interviewers?cursor=not-a-cursor")
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(garbage.invalid_fields(), ["cursor"]);
    for bad in [
        "limit=5000",
        "limit=0",
        "cursor=",
        "updated_since=",
        "limit=",
    ] {
        let refused = send(
            app.get(&format!("/v1/interviewers?{bad}"))
                .bearer_auth(&s.access),
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let largest = send(app.get("/v1/interviewers?limit=200").bearer_auth(&s.access)).await;
    assert_eq!(largest.body["items"].as_array().unwrap().len(), 8);
}

#[actix_web::test]
async fn updated_since_returns_changes_and_tombstones() {
    let app = TestApp::spawn().await;
    let s = app.register("sync@example.com").await;
    let kept = app.interview(&s, "Kept").await;
    let doomed = app.interview(&s, "Doomed").await;
    let since = app
        .clock()
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    app.clock().advance(chrono::Duration::seconds(1));
    let untouched = app.interview(&s, "New").await;
    let kept_id = kept["id"].as_str().unwrap();
    let doomed_id = doomed["id"].as_str().unwrap();
    app.clock().advance(chrono::Duration::seconds(1));
    send(
        app.patch(&format!("/v1/interviews/{kept_id}"))
            .bearer_auth(&s.access)
            .json(&json!({"notes": "changed"})),
    )
    .await;
    app.clock().advance(chrono::Duration::seconds(1));
    send(
        app.delete(&format!("/v1/interviews/{doomed_id}"))
            .bearer_auth(&s.access),
    )
    .await;

    let changes = send(
        app.get(&format!(
            "/v1/interviews?updated_since={}",
            since.replace('+', "%2B")
        ))
        .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(changes.status, StatusCode::OK, "{}", changes.text);
    let items = changes.body["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [untouched["id"].as_str().unwrap(), kept_id, doomed_id],
        "in change order"
    );
    let tombstone = &items[2];
    assert_eq!(tombstone["deleted"], true);
    assert!(tombstone["updated_at"].is_string());
    assert!(
        tombstone.get("company").is_none(),
        "a tombstone carries no data"
    );
    // Without updated_since the deleted one is simply absent.
    let live = send(app.get("/v1/interviews").bearer_auth(&s.access)).await;
    assert_eq!(live.body["items"].as_array().unwrap().len(), 2);

    // Paging through changes works too.
    let first = send(
        app.get(&format!(
            "/v1/interviews?limit=2&updated_since={}",
            since.replace('+', "%2B")
        ))
        .bearer_auth(&s.access),
    )
    .await;
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = send(
        app.get(&format!(
            "/v1/interviews?limit=2&updated_since={}&cursor={cursor}",
            since.replace('+', "%2B")
        ))
        .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(second.body["items"][0]["id"], doomed_id);
    assert_eq!(second.body["next_cursor"], Value::Null);
}

#[actix_web::test]
async fn etags_make_reads_cheap_and_writes_safe() {
    let app = TestApp::spawn().await;
    let s = app.register("etag@example.com").await;
    let iv = app.interview(&s, "Acme").await;
    let path = format!("/v1/interviews/{}", iv["id"].as_str().unwrap());
    let first = send(app.get(&path).bearer_auth(&s.access)).await;
    let etag = first.header("etag").unwrap().to_string();

    let cached = send(
        app.get(&path)
            .bearer_auth(&s.access)
            .header("if-none-match", &etag),
    )
    .await;
    assert_eq!(cached.status, StatusCode::NOT_MODIFIED);
    assert_eq!(cached.header("etag"), Some(etag.as_str()));

    let ok = send(
        app.patch(&path)
            .bearer_auth(&s.access)
            .header("if-match", &etag)
            .json(&json!({"notes": "one"})),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    let newer = ok.header("etag").unwrap().to_string();
    assert_ne!(newer, etag);

    // A stale ETag: 412, and nothing changes.
    let stale = send(
        app.patch(&path)
            .bearer_auth(&s.access)
            .header("if-match", &etag)
            .json(&json!({"notes": "two"})),
    )
    .await;
    stale.problem(412);
    let stale_delete = send(
        app.delete(&path)
            .bearer_auth(&s.access)
            .header("if-match", &etag),
    )
    .await;
    stale_delete.problem(412);
    let now = send(app.get(&path).bearer_auth(&s.access)).await;
    assert_eq!(now.body["notes"], "one");
    let changed = send(
        app.get(&path)
            .bearer_auth(&s.access)
            .header("if-none-match", &etag),
    )
    .await;
    assert_eq!(
        changed.status,
        StatusCode::OK,
        "the old ETag no longer matches"
    );

    let deleted = send(
        app.delete(&path)
            .bearer_auth(&s.access)
            .header("if-match", &newer),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}

#[actix_web::test]
async fn idempotency_keys_replay_the_first_reply() {
    let app = TestApp::spawn().await;
    let s = app.register("idem@example.com").await;
    let body =
        json!({"company": "Acme", "position": "Engineer", "scheduled_at": "2026-03-03T14:00:00Z"});
    let post = |key: &str, body: &Value| {
        send(
            app.post("/v1/interviews")
                .bearer_auth(&s.access)
                .header("idempotency-key", key)
                .json(body),
        )
    };
    let first = post("key-1", &body).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let replay = post("key-1", &body).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.text, first.text, "the same reply, byte for byte");
    assert_eq!(replay.header("location"), first.header("location"));
    assert_eq!(replay.header("etag"), first.header("etag"));
    let list = send(app.get("/v1/interviews").bearer_auth(&s.access)).await;
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        1,
        "created once"
    );

    let mut other = body.clone();
    other["company"] = json!("Globex");
    let mismatch = post("key-1", &other).await;
    // Its own kind of problem, which a client can tell from a form's.
    assert_eq!(
        mismatch.problem(422)["type"],
        "/problems/idempotency-key-reused"
    );

    // Errors are replayed too: a bad request stays the same bad request.
    let bad = json!({"company": ""});
    let first_bad = post("key-2", &bad).await;
    first_bad.problem(422);
    assert_eq!(post("key-2", &bad).await.text, first_bad.text);

    // Keys are per user: another user's "key-1" is a fresh request.
    let t = app.register("idem2@example.com").await;
    let theirs = send(
        app.post("/v1/interviews")
            .bearer_auth(&t.access)
            .header("idempotency-key", "key-1")
            .json(&body),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::CREATED);
    assert_ne!(theirs.body["id"], first.body["id"]);

    let invalid = post(&"k".repeat(300), &body).await;
    assert_eq!(invalid.invalid_fields(), ["Idempotency-Key"]);

    // Actions are POSTs too: completing twice with one key is one completion.
    let task = app.create(&s, "/v1/tasks", json!({"title": "Call"})).await;
    let complete = format!("/v1/tasks/{}/complete", task["id"].as_str().unwrap());
    let a = send(
        app.post(&complete)
            .bearer_auth(&s.access)
            .header("idempotency-key", "done-1"),
    )
    .await;
    let b = send(
        app.post(&complete)
            .bearer_auth(&s.access)
            .header("idempotency-key", "done-1"),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(b.status, StatusCode::OK, "{}", b.text);
    assert_eq!(a.text, b.text);
}

#[actix_web::test]
async fn expired_idempotency_keys_are_forgotten() {
    let app = TestApp::spawn_at("2026-03-02T09:00:00Z").await;
    let mut s = app.register("old-key@example.com").await;
    let body =
        json!({"company": "Acme", "position": "Engineer", "scheduled_at": "2026-03-03T14:00:00Z"});
    let first = send(
        app.post("/v1/interviews")
            .bearer_auth(&s.access)
            .header("idempotency-key", "k")
            .json(&body),
    )
    .await;
    // Within its 24 hours the key replays; past them it is forgotten.
    let at = app.clock().now();
    app.travel(&mut s, at + chrono::Duration::hours(23)).await;
    let replay = send(
        app.post("/v1/interviews")
            .bearer_auth(&s.access)
            .header("idempotency-key", "k")
            .json(&body),
    )
    .await;
    assert_eq!(replay.body["id"], first.body["id"]);
    app.travel(&mut s, at + chrono::Duration::hours(25)).await;
    let again = send(
        app.post("/v1/interviews")
            .bearer_auth(&s.access)
            .header("idempotency-key", "k")
            .json(&body),
    )
    .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_ne!(
        again.body["id"], first.body["id"],
        "a new request after expiry"
    );
}

/// `null` on a field that cannot be null is 422 naming it, on every PATCH, and changes nothing:
/// not the value, not the version, not `updated_at`. The document marks only the fields that
/// can be cleared as nullable; schemathesis's negative data (CI) sends `null` where it does not
/// and expects this 422.
#[actix_web::test]
async fn null_on_a_field_that_cannot_be_null_is_refused_by_name() {
    let app = TestApp::spawn().await;
    let s = app.register("nulls@example.com").await;
    let interview = app.interview(&s, "Acme").await;
    let person = app.person(&s, "Maria Lopez").await;
    let reference = app.new_reference(&s).name("Sam Reed").create().await;
    let task = app
        .create(&s, "/v1/tasks", json!({"title": "Call Acme"}))
        .await;
    let application = format!(
        "/v1/applications/{}",
        interview["application_id"].as_str().unwrap()
    );
    let of = |kind: &str, body: &Value| format!("/v1/{kind}/{}", body["id"].as_str().unwrap());
    let cases = [
        (of("tasks", &task), vec!["title"]),
        (
            of("interviews", &interview),
            vec![
                "application_id",
                "company",
                "position",
                "stage",
                "format",
                "scheduled_at",
                "duration_minutes",
                "status",
                "outcome",
                "interest",
            ],
        ),
        (
            of("interviewers", &person),
            vec![
                "name",
                "role",
                "preferred_channel",
                "business_card",
                "keep_in_touch",
            ],
        ),
        (of("references", &reference), vec!["name", "permission"]),
        (
            application,
            vec!["company", "position", "outcome", "interest"],
        ),
        ("/v1/me".to_string(), vec!["name", "time_zone", "strengths"]),
        (
            "/v1/rules/thank_you_note".to_string(),
            vec!["enabled", "parameters"],
        ),
    ];
    for (path, fields) in cases {
        let before = send(app.get(&path).bearer_auth(&s.access)).await;
        assert_eq!(before.status, StatusCode::OK, "{path}: {}", before.text);
        for field in fields {
            let reply = send(
                app.patch(&path)
                    .bearer_auth(&s.access)
                    .json(&json!({ field: null })),
            )
            .await;
            assert_eq!(reply.invalid_fields(), [field], "{path}: {}", reply.text);
        }
        let after = send(app.get(&path).bearer_auth(&s.access)).await;
        assert_eq!(after.body, before.body, "{path} changed");
        assert_eq!(after.header("etag"), before.header("etag"), "{path}");
    }
}
