//! Interviews, interviewers and attendance, references and tasks: fields, defaults, validation,
//! and what deleting does to the rows around.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Reply, Session, TestApp, send};

async fn get(app: &TestApp, s: &Session, path: &str) -> Value {
    let reply = send(app.get(path).bearer_auth(&s.access)).await;
    assert_eq!(reply.status, StatusCode::OK, "GET {path}: {}", reply.text);
    reply.body
}

#[actix_web::test]
async fn interviews_have_defaults_and_can_be_changed() {
    let app = TestApp::spawn().await;
    let s = app.register("iv@example.com").await;
    let created = send(app.post("/v1/interviews").bearer_auth(&s.access).json(&json!({
        "company": " Acme ", "position": "Data Engineer", "scheduled_at": "2026-03-03T15:00:00+01:00"
    })))
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let iv = &created.body;
    let id = iv["id"].as_str().unwrap();
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/interviews/{id}").as_str())
    );
    assert!(created.header("etag").is_some());
    assert_eq!(iv["company"], "Acme");
    assert_eq!(
        iv["scheduled_at"], "2026-03-03T14:00:00Z",
        "stored and served in UTC"
    );
    assert_eq!(iv["ends_at"], "2026-03-03T15:00:00Z");
    assert_eq!(iv["status"], "scheduled");
    assert_eq!(iv["outcome"], "pending");
    assert_eq!(iv["duration_minutes"], 60);
    assert_eq!(iv["stage"], "first");
    assert_eq!(iv["interest"], "unsure");
    assert_eq!(iv["decision_expected_on"], Value::Null);

    let patched = send(
        app.patch(&format!("/v1/interviews/{id}"))
            .bearer_auth(&s.access)
            .json(&json!({
                "status": "completed", "outcome": "rejected", "decision_expected_on": "2026-03-20",
                "notes": "went badly", "location": "HQ"
            })),
    )
    .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.body["outcome"], "rejected");
    assert_eq!(patched.body["decision_expected_on"], "2026-03-20");
    // null clears; absent leaves alone.
    let cleared = send(
        app.patch(&format!("/v1/interviews/{id}"))
            .bearer_auth(&s.access)
            .json(&json!({"location": null})),
    )
    .await;
    assert_eq!(cleared.body["location"], Value::Null);
    assert_eq!(cleared.body["notes"], "went badly");
    let fetched = get(&app, &s, &format!("/v1/interviews/{id}")).await;
    assert_eq!(fetched, cleared.body);
}

#[actix_web::test]
async fn interview_input_is_validated_per_field() {
    let app = TestApp::spawn().await;
    let s = app.register("val@example.com").await;
    let post = |body: Value| {
        send(
            app.post("/v1/interviews")
                .bearer_auth(&s.access)
                .json(&body),
        )
    };
    let base =
        json!({"company": "Acme", "position": "Engineer", "scheduled_at": "2026-03-03T14:00:00Z"});
    let with = |key: &str, value: Value| {
        let mut b = base.clone();
        b[key] = value;
        b
    };
    let cases = [
        ("stage", json!("fifth")),
        ("format", json!("carrier pigeon")),
        ("scheduled_at", json!("yesterday")),
        ("scheduled_at", json!("2026-13-03T14:00:00Z")),
        ("scheduled_at", json!("0201-03-03T14:00:00Z")),
        ("duration_minutes", json!(-5)),
        ("duration_minutes", json!(100_000)),
        ("decision_expected_on", json!("2026-02-30")),
        ("company", json!("   ")),
        ("company", json!("x".repeat(201))),
        ("notes", json!("x".repeat(10_001))),
        ("outcome", json!("hired")),
    ];
    for (field, value) in cases {
        let reply = post(with(field, value.clone())).await;
        assert_eq!(
            reply.invalid_fields(),
            [field],
            "{field} = {value}: {}",
            reply.text
        );
    }
    // Several bad fields are reported together.
    let reply = post(json!({"company": "", "position": "", "scheduled_at": "2026-03-03T14:00:00Z", "duration_minutes": 0})).await;
    assert_eq!(
        reply.invalid_fields(),
        ["company", "duration_minutes", "position"]
    );
    // Server-set fields cannot be assigned.
    for field in ["id", "user_id", "created_at", "version"] {
        let reply = post(with(field, json!("x"))).await;
        assert_eq!(reply.invalid_fields(), [field]);
    }
    let list = get(&app, &s, "/v1/interviews").await;
    assert_eq!(list["items"], json!([]), "nothing was created");
}

#[actix_web::test]
async fn people_attend_interviews() {
    let app = TestApp::spawn().await;
    let s = app.register("people@example.com").await;
    let first = app.interview(&s, "Acme").await;
    let second = app.interview(&s, "Acme").await;
    let maria = app
        .new_person(&s)
        .name("Maria Lopez")
        .set("title", "Head of Data")
        .set("email", "Maria@Acme.example")
        .set("business_card", true)
        .create()
        .await;
    let desk = app
        .new_person(&s)
        .name("Sam")
        .role("receptionist")
        .create()
        .await;
    assert_eq!(maria["role"], "interviewer");
    assert_eq!(maria["preferred_channel"], "unknown");
    assert_eq!(maria["email"], "maria@acme.example");
    assert_eq!(desk["role"], "receptionist");

    let (f, s2, m, d) = (
        first["id"].as_str().unwrap(),
        second["id"].as_str().unwrap(),
        maria["id"].as_str().unwrap(),
        desk["id"].as_str().unwrap(),
    );
    let attach = |iv: &str, p: &str| {
        send(
            app.put(&format!("/v1/interviews/{iv}/interviewers/{p}"))
                .bearer_auth(&s.access),
        )
    };
    assert_eq!(attach(f, m).await.status, StatusCode::CREATED);
    let again = attach(f, m).await;
    assert_eq!(again.status, StatusCode::OK, "attaching twice is harmless");
    assert_eq!(again.body["person_id"], m);
    assert_eq!(attach(f, d).await.status, StatusCode::CREATED);
    // The same manager at the second interview.
    assert_eq!(attach(s2, m).await.status, StatusCode::CREATED);

    let names = |v: &Value| {
        let mut n: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        n.sort();
        n
    };
    assert_eq!(
        names(&get(&app, &s, &format!("/v1/interviews/{f}/interviewers")).await),
        ["Maria Lopez", "Sam"]
    );
    assert_eq!(
        names(&get(&app, &s, &format!("/v1/interviewers?interview_id={s2}")).await),
        ["Maria Lopez"]
    );

    let detach = send(
        app.delete(&format!("/v1/interviews/{f}/interviewers/{d}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(detach.status, StatusCode::NO_CONTENT);
    let again = send(
        app.delete(&format!("/v1/interviews/{f}/interviewers/{d}"))
            .bearer_auth(&s.access),
    )
    .await;
    again.problem(404);
    assert_eq!(
        names(&get(&app, &s, &format!("/v1/interviews/{f}/interviewers")).await),
        ["Maria Lopez"]
    );

    // Deleting a person detaches them everywhere.
    let gone = send(
        app.delete(&format!("/v1/interviewers/{m}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        get(&app, &s, &format!("/v1/interviews/{s2}/interviewers")).await["items"],
        json!([])
    );
    send(
        app.get(&format!("/v1/interviewers/{m}"))
            .bearer_auth(&s.access),
    )
    .await
    .problem(404);
    attach(f, m).await.problem(404);
}

#[actix_web::test]
async fn reference_permission_is_stamped_by_the_server() {
    let app = TestApp::spawn().await;
    let s = app.register("refs@example.com").await;
    let r = app
        .new_reference(&s)
        .name("John Smith")
        .set("relationship", "former manager")
        .create()
        .await;
    assert_eq!(r["permission"], "not_asked");
    assert_eq!(r["permission_asked_at"], Value::Null);
    let path = format!("/v1/references/{}", r["id"].as_str().unwrap());
    let asked = send(
        app.patch(&path)
            .bearer_auth(&s.access)
            .json(&json!({"permission": "requested"})),
    )
    .await;
    assert!(
        asked.body["permission_asked_at"].is_string(),
        "{}",
        asked.text
    );
    assert_eq!(asked.body["permission_answered_at"], Value::Null);
    let granted = send(
        app.patch(&path)
            .bearer_auth(&s.access)
            .json(&json!({"permission": "granted"})),
    )
    .await;
    assert_eq!(granted.body["permission"], "granted");
    assert_eq!(
        granted.body["permission_asked_at"],
        asked.body["permission_asked_at"]
    );
    assert!(granted.body["permission_answered_at"].is_string());
    // Stamps are not client-writable.
    let forged = send(
        app.patch(&path)
            .bearer_auth(&s.access)
            .json(&json!({"permission_asked_at": "2020-01-01T00:00:00Z"})),
    )
    .await;
    assert_eq!(forged.invalid_fields(), ["permission_asked_at"]);
    let bad = send(
        app.patch(&path)
            .bearer_auth(&s.access)
            .json(&json!({"permission": "maybe"})),
    )
    .await;
    assert_eq!(bad.invalid_fields(), ["permission"]);
}

#[actix_web::test]
async fn custom_tasks_complete_skip_and_snooze() {
    let app = TestApp::spawn().await;
    let s = app.register("tasks@example.com").await;
    let iv = app.interview(&s, "Acme").await;
    let iv_id = iv["id"].as_str().unwrap();
    let task = app.create(&s, "/v1/tasks", json!({
        "title": "Send Maria the article", "due_at": "2026-03-05T09:00:00Z", "channel": "email",
        "interview_id": iv_id
    })).await;
    assert_eq!(task["kind"], "custom");
    assert_eq!(task["status"], "open");
    assert_eq!(task["rule_id"], Value::Null);
    assert!(
        task.get("dedupe_key").is_none(),
        "dedupe_key is never shown"
    );
    let id = task["id"].as_str().unwrap();

    // Completed yesterday: allowed. Tomorrow: refused.
    let tomorrow = (app.clock().now() + chrono::Duration::days(1)).to_rfc3339();
    let future = send(
        app.post(&format!("/v1/tasks/{id}/complete"))
            .bearer_auth(&s.access)
            .json(&json!({"completed_at": tomorrow})),
    )
    .await;
    assert_eq!(future.invalid_fields(), ["completed_at"]);
    let yesterday = (app.clock().now() - chrono::Duration::days(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let done = send(
        app.post(&format!("/v1/tasks/{id}/complete"))
            .bearer_auth(&s.access)
            .json(&json!({
                "channel": "mail", "note": "Handwritten card", "completed_at": yesterday
            })),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.body["status"], "done");
    assert_eq!(done.body["completed_at"], yesterday.as_str());
    assert_eq!(done.body["completion_channel"], "mail");
    let twice = send(
        app.post(&format!("/v1/tasks/{id}/complete"))
            .bearer_auth(&s.access),
    )
    .await;
    twice.problem(409);

    // A body may be left out entirely.
    let other = app
        .create(&s, "/v1/tasks", json!({"title": "Call back"}))
        .await;
    let oid = other["id"].as_str().unwrap();
    let past = send(
        app.post(&format!("/v1/tasks/{oid}/snooze"))
            .bearer_auth(&s.access)
            .json(&json!({"until": "2020-01-01T00:00:00Z"})),
    )
    .await;
    assert_eq!(past.invalid_fields(), ["until"]);
    let until = (app.clock().now() + chrono::Duration::days(3))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let snoozed = send(
        app.post(&format!("/v1/tasks/{oid}/snooze"))
            .bearer_auth(&s.access)
            .json(&json!({"until": until})),
    )
    .await;
    assert_eq!(snoozed.body["not_before"], until.as_str());
    assert_eq!(snoozed.body["due_at"], until.as_str());
    assert_eq!(snoozed.body["status"], "open");
    let skipped = send(
        app.post(&format!("/v1/tasks/{oid}/skip"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(skipped.status, StatusCode::OK, "{}", skipped.text);
    assert_eq!(skipped.body["status"], "skipped");

    // Filters.
    let open = get(&app, &s, "/v1/tasks?status=open&kind=custom").await;
    assert_eq!(open["items"], json!([]));
    // The interview is past, so the rule engine planned its own tasks beside ours.
    let open = get(&app, &s, "/v1/tasks?status=open").await;
    let open = open["items"].as_array().unwrap();
    assert!(!open.is_empty());
    assert!(
        open.iter()
            .all(|t| t["kind"] != "custom" && t["rule_id"] == t["kind"])
    );
    let by_interview = get(
        &app,
        &s,
        &format!("/v1/tasks?interview_id={iv_id}&kind=custom"),
    )
    .await;
    assert_eq!(by_interview["items"].as_array().unwrap().len(), 1);
    let due = get(
        &app,
        &s,
        "/v1/tasks?due_before=2026-03-05T10:00:00Z&due_after=2026-03-05T00:00:00Z",
    )
    .await;
    assert_eq!(due["items"].as_array().unwrap().len(), 1);
    assert_eq!(due["items"][0]["id"], id);
    let bad = send(app.get("/v1/tasks?kind=whatever").bearer_auth(&s.access)).await;
    assert_eq!(bad.invalid_fields(), ["kind"]);
    let custom = get(&app, &s, "/v1/tasks?kind=custom").await;
    assert_eq!(custom["items"].as_array().unwrap().len(), 2);
    let bad = send(app.get("/v1/tasks?status=finished").bearer_auth(&s.access)).await;
    assert_eq!(bad.invalid_fields(), ["status"]);
    let bad = send(app.get("/v1/tasks?due_before=soon").bearer_auth(&s.access)).await;
    assert_eq!(bad.invalid_fields(), ["due_before"]);
    let bad = send(app.get("/v1/tasks?limit=-1").bearer_auth(&s.access)).await;
    assert_eq!(bad.invalid_fields(), ["limit"]);

    // A link to something that is not yours is refused.
    let stray = send(app.post("/v1/tasks").bearer_auth(&s.access).json(&json!({
        "title": "x", "interviewer_id": "01928f4e-7b7a-7cc3-a0a1-3f6a1e2b4c5d"
    })))
    .await;
    assert_eq!(stray.invalid_fields(), ["interviewer_id"]);
}

#[actix_web::test]
async fn deleting_an_interview_detaches_people_and_cancels_open_tasks() {
    let app = TestApp::spawn().await;
    let s = app.register("del@example.com").await;
    let iv = app.interview(&s, "Acme").await;
    let iv_id = iv["id"].as_str().unwrap();
    let p = app.person(&s, "Maria").await;
    let p_id = p["id"].as_str().unwrap();
    send(
        app.put(&format!("/v1/interviews/{iv_id}/interviewers/{p_id}"))
            .bearer_auth(&s.access),
    )
    .await;
    let open = app
        .create(
            &s,
            "/v1/tasks",
            json!({"title": "Open", "interview_id": iv_id}),
        )
        .await;
    let done = app
        .create(
            &s,
            "/v1/tasks",
            json!({"title": "Done", "interview_id": iv_id}),
        )
        .await;
    send(
        app.post(&format!(
            "/v1/tasks/{}/complete",
            done["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;

    let deleted = send(
        app.delete(&format!("/v1/interviews/{iv_id}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    send(
        app.get(&format!("/v1/interviews/{iv_id}"))
            .bearer_auth(&s.access),
    )
    .await
    .problem(404);
    send(
        app.get(&format!("/v1/interviews/{iv_id}/interviewers"))
            .bearer_auth(&s.access),
    )
    .await
    .problem(404);
    let open = get(
        &app,
        &s,
        &format!("/v1/tasks/{}", open["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(open["status"], "cancelled", "cancelled, not deleted");
    assert!(open["status_reason"].as_str().unwrap().contains("deleted"));
    let done = get(
        &app,
        &s,
        &format!("/v1/tasks/{}", done["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(done["status"], "done", "finished work is never touched");
    // The person remains, attending nothing.
    let person = get(&app, &s, &format!("/v1/interviewers/{p_id}")).await;
    assert_eq!(person["name"], "Maria");
    assert_eq!(
        get(&app, &s, &format!("/v1/interviewers?interview_id={iv_id}")).await["items"],
        json!([])
    );
}

#[actix_web::test]
async fn interviews_filter_by_status_and_outcome() {
    let app = TestApp::spawn().await;
    let s = app.register("filters@example.com").await;
    let done = app.interview(&s, "Done Co").await;
    app.interview(&s, "Later Co").await;
    let patch = send(
        app.patch(&format!("/v1/interviews/{}", done["id"].as_str().unwrap()))
            .bearer_auth(&s.access)
            .json(&json!({"status": "completed", "outcome": "rejected"})),
    )
    .await;
    assert_eq!(patch.status, StatusCode::OK, "{}", patch.text);
    let companies = |reply: &Reply| -> Vec<String> {
        reply.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["company"].as_str().unwrap().to_string())
            .collect()
    };
    for (query, expected) in [
        ("status=completed", vec!["Done Co"]),
        ("status=scheduled", vec!["Later Co"]),
        ("outcome=pending", vec!["Later Co"]),
        ("status=completed&outcome=rejected", vec!["Done Co"]),
        ("status=cancelled", vec![]),
    ] {
        let reply = send(
            app.get(&format!("/v1/interviews?{query}"))
                .bearer_auth(&s.access),
        )
        .await;
        assert_eq!(companies(&reply), expected, "{query}");
    }
    let wrong = send(
        app.get("/v1/interviews?status=Completed")
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(wrong.invalid_fields(), ["status"]);
}

#[actix_web::test]
async fn an_interview_is_completed_only_once_it_has_started() {
    let app = TestApp::spawn().await;
    let s = app.register("early@example.com").await;
    let other = app.register("other@example.com").await;
    let now = app.clock().now();
    let tomorrow = now + chrono::Duration::days(1);
    let yesterday = now - chrono::Duration::days(1);

    let refused = app
        .new_interview(&s)
        .at(tomorrow)
        .set("status", "completed")
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.invalid_fields(), ["status"]);
    assert!(
        get(&app, &s, "/v1/interviews").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let interview = app.new_interview(&s).at(tomorrow).create().await;
    let path = format!("/v1/interviews/{}", interview["id"].as_str().unwrap());
    let patch =
        |who: &Session, body: Value| send(app.patch(&path).bearer_auth(&who.access).json(&body));
    // Completed before it starts: refused, and nothing changes.
    let early = patch(&s, json!({"status": "completed"})).await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.text
    );
    assert_eq!(early.invalid_fields(), ["status"]);
    let unchanged = get(&app, &s, &path).await;
    assert_eq!(unchanged["status"], "scheduled");
    assert_eq!(unchanged["version"], interview["version"]);
    // Another user cannot reach it at all.
    let theirs = patch(&other, json!({"status": "completed"})).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);

    // It took place yesterday after all: both together are fine.
    let moved = patch(
        &s,
        json!({"status": "completed", "scheduled_at": crate::instants::iso(yesterday)}),
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(moved.body["status"], "completed");
    // A completed interview is not moved into the future, but its other fields still change.
    let ahead = patch(&s, json!({"scheduled_at": crate::instants::iso(tomorrow)})).await;
    assert_eq!(ahead.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ahead.invalid_fields(), ["scheduled_at"]);
    let notes = patch(&s, json!({"notes": "Went well"})).await;
    assert_eq!(notes.status, StatusCode::OK, "{}", notes.text);
    // Held to changes only: a client that sends back what it read is not refused, even for a
    // round that would break the rule today (the clock set back makes one).
    app.clock().set(yesterday - chrono::Duration::days(1));
    let echoed = patch(
        &s,
        json!({"status": "completed", "scheduled_at": moved.body["scheduled_at"], "notes": "Echoed"}),
    )
    .await;
    assert_eq!(echoed.status, StatusCode::OK, "{}", echoed.text);
    assert_eq!(echoed.body["notes"], "Echoed");
}
