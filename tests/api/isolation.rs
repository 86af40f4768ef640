//! Another user's token on every route: 404 (never 403), nothing changed, nothing listed.
//! The routes are read from the OpenAPI document, so a new route is walked without a new test.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, send};

struct Owned {
    application: String,
    interview: String,
    person: String,
    reference: String,
    task: String,
}

async fn seed(app: &TestApp, s: &Session) -> Owned {
    let round = app.interview(s, "Acme").await;
    let interview = round["id"].as_str().unwrap().to_string();
    let application = round["application_id"].as_str().unwrap().to_string();
    let person = app.person(s, "Maria").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let put = send(
        app.put(&format!("/v1/interviews/{interview}/interviewers/{person}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(put.status, StatusCode::CREATED);
    let reference = app.new_reference(s).name("John").create().await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let linked = send(
        app.put(&format!(
            "/v1/applications/{application}/references/{reference}"
        ))
        .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(linked.status, StatusCode::CREATED, "{}", linked.text);
    let task = app
        .create(
            s,
            "/v1/tasks",
            json!({"title": "Call", "interview_id": interview, "reference_id": reference}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    Owned {
        application,
        interview,
        person,
        reference,
        task,
    }
}

async fn snapshot(app: &TestApp, s: &Session, owned: &Owned) -> Vec<Value> {
    let mut all = Vec::new();
    for path in [
        format!("/v1/applications/{}", owned.application),
        format!(
            "/v1/applications/{}/references/{}",
            owned.application, owned.reference
        ),
        format!("/v1/interviews/{}", owned.interview),
        format!("/v1/interviewers/{}", owned.person),
        format!("/v1/references/{}", owned.reference),
        format!("/v1/tasks/{}", owned.task),
        format!("/v1/interviews/{}/interviewers", owned.interview),
        "/v1/tasks".to_string(),
    ] {
        let reply = send(app.get(&path).bearer_auth(&s.access)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        all.push(reply.body);
    }
    all
}

fn body_for(method: &Method, path: &str) -> Option<Value> {
    let future =
        (crate::instants::at(crate::helpers::TEST_START) + chrono::Duration::days(2)).to_rfc3339();
    match (method.as_str(), path.rsplit('/').next().unwrap_or("")) {
        ("PATCH", _) => Some(json!({"notes": "changed by a stranger"})),
        ("POST", "snooze") => Some(json!({"until": future})),
        ("POST", "check") => Some(json!({"text": "Dear Maria, thank you."})),
        ("POST", _) => Some(json!({})),
        _ => None,
    }
}

#[actix_web::test]
async fn another_users_token_finds_nothing_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.register("owner@example.com").await;
    let stranger = app.register("stranger@example.com").await;
    let owned = seed(&app, &owner).await;
    let stranger_person = app.person(&stranger, "Their own").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let theirs_round = app.interview(&stranger, "Theirs").await;
    let stranger_interview = theirs_round["id"].as_str().unwrap().to_string();
    let stranger_application = theirs_round["application_id"].as_str().unwrap().to_string();
    let stranger_reference = app
        .new_reference(&stranger)
        .name("Their ref")
        .create()
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = snapshot(&app, &owner, &owned).await;

    let spec = followup::spec();
    let mut walked = 0;
    for (template, item) in &spec.paths.paths {
        if !template.contains('{') {
            continue;
        }
        let id = if template.starts_with("/v1/applications/") {
            &owned.application
        } else if template.starts_with("/v1/interviews/") {
            &owned.interview
        } else if template.starts_with("/v1/interviewers/") {
            &owned.person
        } else if template.starts_with("/v1/references/") {
            &owned.reference
        } else if template.starts_with("/v1/tasks/") {
            &owned.task
        } else {
            continue;
        };
        let path = template
            .replace("{id}", id)
            .replace("{person_id}", &owned.person)
            .replace("{reference_id}", &owned.reference);
        let methods = [
            (Method::GET, item.get.is_some()),
            (Method::POST, item.post.is_some()),
            (Method::PUT, item.put.is_some()),
            (Method::PATCH, item.patch.is_some()),
            (Method::DELETE, item.delete.is_some()),
        ];
        for (method, present) in methods {
            if !present {
                continue;
            }
            let mut request = app.req(method.clone(), &path).bearer_auth(&stranger.access);
            if let Some(body) = body_for(&method, &path) {
                request = request.json(&body);
            }
            let reply = send(request).await;
            assert_eq!(
                reply.status,
                StatusCode::NOT_FOUND,
                "{method} {path}: {}",
                reply.text
            );
            reply.problem(404);
            walked += 1;
        }
    }
    assert!(walked >= 20, "walked only {walked} routes");

    // Mixed ownership: their interview with my person, my interview with their person.
    let mixed = [
        format!(
            "/v1/interviews/{stranger_interview}/interviewers/{}",
            owned.person
        ),
        format!(
            "/v1/interviews/{}/interviewers/{stranger_person}",
            owned.interview
        ),
        format!(
            "/v1/applications/{stranger_application}/references/{}",
            owned.reference
        ),
        format!(
            "/v1/applications/{}/references/{stranger_reference}",
            owned.application
        ),
    ];
    for path in mixed {
        send(app.put(&path).bearer_auth(&stranger.access))
            .await
            .problem(404);
    }

    // Lists and filters reveal nothing.
    for path in [
        "/v1/applications".to_string(),
        "/v1/applications?updated_since=2000-01-01T00:00:00Z".to_string(),
        format!("/v1/interviews?application_id={}", owned.application),
        format!("/v1/tasks?application_id={}", owned.application),
        "/v1/interviews".to_string(),
        "/v1/references".to_string(),
        format!("/v1/tasks?interview_id={}", owned.interview),
        format!("/v1/interviewers?interview_id={}", owned.interview),
        "/v1/tasks?updated_since=2000-01-01T00:00:00Z".to_string(),
    ] {
        let reply = send(app.get(&path).bearer_auth(&stranger.access)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        let items = reply.body["items"].as_array().unwrap();
        assert!(
            items.iter().all(|i| i["id"] != owned.interview.as_str()
                && i["id"] != owned.application.as_str()
                && i["id"] != owned.reference.as_str()
                && i["id"] != owned.task.as_str()),
            "{path} leaked: {}",
            reply.text
        );
    }
    let theirs = send(app.get("/v1/interviewers").bearer_auth(&stranger.access)).await;
    assert_eq!(theirs.body["items"].as_array().unwrap().len(), 1);

    // Linking a task to someone else's interview is refused.
    let link = send(
        app.post("/v1/tasks")
            .bearer_auth(&stranger.access)
            .json(&json!({"title": "x", "interview_id": owned.interview})),
    )
    .await;
    assert_eq!(link.invalid_fields(), ["interview_id"]);
    let link = send(
        app.post("/v1/tasks")
            .bearer_auth(&stranger.access)
            .json(&json!({"title": "x", "application_id": owned.application})),
    )
    .await;
    assert_eq!(link.invalid_fields(), ["application_id"]);
    // A round of someone else's application is refused, and makes none of theirs.
    let round = send(
        app.post("/v1/interviews")
            .bearer_auth(&stranger.access)
            .json(&json!({
                "application_id": owned.application, "scheduled_at": "2026-03-03T14:00:00Z"
            })),
    )
    .await;
    assert_eq!(round.invalid_fields(), ["application_id"]);
    let moved = send(
        app.patch(&format!("/v1/interviews/{stranger_interview}"))
            .bearer_auth(&stranger.access)
            .json(&json!({"application_id": owned.application})),
    )
    .await;
    assert_eq!(moved.invalid_fields(), ["application_id"]);

    assert_eq!(
        snapshot(&app, &owner, &owned).await,
        before,
        "the owner's data changed"
    );
}
