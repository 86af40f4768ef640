//! The OpenAPI document is a reviewed artefact: what the server serves must equal the committed
//! `openapi/openapi.json`. Regenerate with `cargo run -- openapi > openapi/openapi.json`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::conformance::{SPEC, resolve, violations};
use crate::helpers::{Session, TestApp, send};

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[actix_web::test]
async fn served_spec_matches_the_committed_file() {
    let app = TestApp::spawn().await;
    let served = send(app.get("/api-docs/openapi.json")).await;
    assert_eq!(served.status, StatusCode::OK);
    let committed: Value = serde_json::from_str(COMMITTED).unwrap();
    assert!(
        served.body == committed,
        "openapi/openapi.json is stale: run `cargo run -- openapi > openapi/openapi.json`"
    );
    assert_eq!(followup::spec_json(), COMMITTED);
}

#[test]
fn every_operation_documents_its_errors_and_security() {
    let spec: Value = serde_json::from_str(COMMITTED).unwrap();
    let public = [
        "/healthz",
        "/readyz",
        "/v1/auth/register",
        "/v1/auth/login",
        "/v1/auth/refresh",
        "/v1/auth/logout",
        // Its token is a query parameter: calendar apps send no headers.
        "/v1/calendar.ics",
        "/v1/time-zones",
        "/problems/{name}",
    ];
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let id = format!("{method} {path}");
            if public.contains(&path.as_str()) {
                assert_eq!(
                    op["security"],
                    serde_json::json!([]),
                    "{id}: public, so `security: []`"
                );
            } else if path == "/v1/tokens/current" {
                // It describes the API token it is called with: a session has none.
                assert_eq!(
                    op["security"],
                    serde_json::json!([{"api_token": []}]),
                    "{id}"
                );
            } else {
                assert_eq!(
                    op["security"][0]["bearer"],
                    Value::Array(vec![]),
                    "{id} lacks bearer security"
                );
                assert!(responses.contains_key("401"), "{id} lacks 401");
            }
            for key in ["summary", "description"] {
                assert!(
                    op[key].as_str().is_some_and(|t| t.len() > 10),
                    "{id} lacks a {key}"
                );
            }
            for (status, response) in responses {
                assert!(
                    resolve(response)["description"]
                        .as_str()
                        .is_some_and(|d| !d.is_empty()),
                    "{id} {status} has no description"
                );
            }
            assert!(responses.contains_key("500"), "{id} lacks 500");
            // The probes and the time-zone list take no input and read no database.
            if !path.ends_with("z") && path != "/v1/time-zones" && path != "/problems/{name}" {
                assert!(
                    responses.keys().any(|s| s.starts_with('4')),
                    "{id} lists no 4xx"
                );
                assert!(responses.contains_key("503"), "{id} lacks 503");
            }
            // Every authenticated POST takes Idempotency-Key, save those whose replies hold
            // tokens: those are never kept, and their document must not offer the key.
            if method == "post" && !public.contains(&path.as_str()) {
                let keyed = op["parameters"].as_array().is_some_and(|params| {
                    params
                        .iter()
                        .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header")
                });
                let holds_tokens = path.starts_with("/v1/auth/")
                    || [
                        "/v1/me/password",
                        "/v1/tokens",
                        "/v1/webhooks",
                        "/v1/me/calendar-token",
                    ]
                    .contains(&path.as_str())
                    || path.ends_with("/rotate-secret");
                assert_eq!(
                    keyed, !holds_tokens,
                    "{id}: Idempotency-Key documented: {keyed}"
                );
            }
            // API tokens never change, so there is no version to match.
            let versioned = path != "/v1/tokens/{id}";
            if versioned && path.ends_with("{id}") && (method == "patch" || method == "delete") {
                let params = op["parameters"].as_array().expect("parameters");
                assert!(
                    params.iter().any(|p| p["name"] == "If-Match"),
                    "{id} lacks If-Match"
                );
                assert!(responses.contains_key("412"), "{id} lacks 412");
            }
            if path.ends_with("{id}") {
                assert!(responses.contains_key("404"), "{id} lacks 404");
            }
            if op.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{id} lacks {status}");
                }
                let content = &op["requestBody"]["content"]["application/json"];
                assert!(
                    content.get("example").is_some() || spec_example(&spec, content),
                    "{id}: request body has no example"
                );
            }
        }
    }
    assert_eq!(
        spec["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

/// Whether the body's schema (a `$ref`) carries an example.
fn spec_example(spec: &Value, content: &Value) -> bool {
    let schema = &content["schema"];
    let reference = schema["$ref"]
        .as_str()
        .or_else(|| schema["oneOf"][0]["$ref"].as_str());
    reference
        .and_then(|r| r.rsplit('/').next())
        .is_some_and(|name| spec["components"]["schemas"][name].get("example").is_some())
}

#[actix_web::test]
async fn swagger_ui_is_served_from_the_binary() {
    let app = TestApp::spawn().await;
    let page = send(app.get("/swagger-ui/")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("swagger"),
        "{}",
        &page.text[..200.min(page.text.len())]
    );
    let init = send(app.get("/swagger-ui/swagger-initializer.js")).await;
    assert!(init.text.contains("/api-docs/openapi.json"));
    let bundle = send(app.get("/swagger-ui/swagger-ui-bundle.js")).await;
    assert_eq!(bundle.status, StatusCode::OK);
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let redirect = no_redirects
        .get(format!("{}/swagger-ui", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(redirect.headers()["location"], "/swagger-ui/");
}

/// Swagger UI runs only its own assets and cannot be framed; the API's answers run nothing. The
/// browser test (.ci/contract) drives the page under this policy and fails on any violation.
#[actix_web::test]
async fn swagger_ui_allows_only_its_own_assets_and_no_framing() {
    let app = TestApp::spawn().await;
    for path in [
        "/swagger-ui/",
        "/swagger-ui/swagger-ui-bundle.js",
        "/%73wagger-ui/",
    ] {
        let page = send(app.get(path)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let policy = page.header("content-security-policy").unwrap_or_default();
        for directive in [
            "default-src 'none'",
            "script-src 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{path}: {policy}");
        }
        assert!(!policy.contains("unsafe"), "{policy}");
        assert_eq!(page.header("x-frame-options"), Some("DENY"));
    }
    for path in [
        "/v1/tasks",
        "/api-docs/openapi.json",
        "/healthz",
        "/nowhere",
    ] {
        let reply = send(app.get(path)).await;
        assert_eq!(
            reply.header("content-security-policy"),
            Some("default-src 'none'; frame-ancestors 'none'"),
            "{path}"
        );
    }
}

/// Every `$ref` in the document names something the document holds.
#[test]
fn every_reference_resolves() {
    fn walk(value: &Value, at: &str) {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    let pointer = reference.trim_start_matches('#');
                    assert!(
                        SPEC.pointer(pointer).is_some(),
                        "{at}: {reference} resolves to nothing"
                    );
                }
                for (key, child) in map {
                    walk(child, &format!("{at}/{key}"));
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, at)),
            _ => {}
        }
    }
    walk(&SPEC, "");
    assert_eq!(SPEC["servers"][0]["url"], "/");
}

/// A request body's documented example, where the operation has one.
fn request_example(operation: &Value) -> Option<(Value, Value)> {
    let media = &operation["requestBody"]["content"]["application/json"];
    let schema = media.get("schema")?.clone();
    let example = media
        .get("example")
        .cloned()
        .or_else(|| resolve(&schema).get("example").cloned())?;
    Some((example, schema))
}

/// Each operation's documented request example is valid against its own schema, and the server
/// accepts it as it stands (a refresh token, which no example can know, is the session's own).
#[actix_web::test]
async fn documented_request_examples_are_accepted() {
    let app = TestApp::spawn().await;
    // The check's example is accepted once the checker is in; until then it is told to retry.
    app.proofreader_loaded().await;
    let operations: Vec<(String, String, Value)> = SPEC["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .iter()
                .map(move |(method, op)| (method.clone(), path.clone(), op.clone()))
        })
        .collect();
    let mut checked = 0;
    for (_, _, operation) in &operations {
        if let Some((example, schema)) = request_example(operation) {
            let errors = violations(&schema, &example);
            assert!(
                errors.is_empty(),
                "{}: {errors:?}",
                operation["operationId"]
            );
        }
    }
    // Registration first: the login example signs in as the account the register example made.
    // The password change and then the account's closing come last, as a user would do them.
    let order = |method: &str, path: &str| match (method, path) {
        (_, "/v1/auth/register") => 0,
        (_, p) if p.starts_with("/v1/auth") => 1,
        (_, "/v1/me/password") => 4,
        ("delete", "/v1/me") => 5,
        (_, p) if p.matches('/').count() == 2 => 2,
        _ => 3,
    };
    let mut operations = operations;
    operations.sort_by_key(|(method, path, _)| order(method, path));
    let mut session: Option<Session> = None;
    for (method, path, operation) in &operations {
        let Some((mut example, _)) = request_example(operation) else {
            continue;
        };
        let mut url = path.clone();
        if let Some(session) = &session {
            if example.get("refresh_token").is_some() {
                let fresh = app.login("ada@example.com", crate::helpers::PASSWORD).await;
                example["refresh_token"] = fresh.body["refresh_token"].clone();
            }
            url = fill_path(&app, session, &url).await;
        }
        let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let mut request = app.req(method.clone(), &url).json(&example);
        if let Some(session) = &session {
            request = request.bearer_auth(&session.access);
        }
        let reply = send(request).await;
        assert!(
            reply.status.is_success(),
            "{method} {path}: the documented example was refused: {}",
            reply.text
        );
        if path == "/v1/auth/register" {
            session = Some(Session::from_reply(&reply));
        }
        checked += 1;
    }
    assert!(checked >= 18, "only {checked} examples checked");
}

/// The path with each `{id}` replaced by a fresh resource of the collection it names.
async fn fill_path(app: &TestApp, session: &Session, template: &str) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let collection = template.split('/').take(3).collect::<Vec<_>>().join("/");
    let id = match collection.as_str() {
        "/v1/rules" => return template.replace("{rule_id}", "thank_you_note"),
        "/v1/interviews" => app.interview(session, "Acme Corp").await["id"].clone(),
        "/v1/applications" => app
            .create(
                session,
                "/v1/applications",
                serde_json::json!({"company": "Initech", "position": "Backend Developer"}),
            )
            .await["id"]
            .clone(),
        "/v1/interviewers" => app.person(session, "Maria Lopez").await["id"].clone(),
        "/v1/references" => app
            .create(
                session,
                "/v1/references",
                serde_json::json!({"name": "John Smith"}),
            )
            .await["id"]
            .clone(),
        "/v1/tasks" => app
            .create(
                session,
                "/v1/tasks",
                serde_json::json!({"title": "Write to Maria"}),
            )
            .await["id"]
            .clone(),
        "/v1/webhooks" => app
            .create(
                session,
                "/v1/webhooks",
                serde_json::json!({"url": "https://93.184.215.14/hook", "events": ["task.due"]}),
            )
            .await["id"]
            .clone(),
        other => panic!("no fixture for {other}"),
    };
    let filled = template.replace("{id}", id.as_str().unwrap());
    if !filled.contains("{person_id}") {
        return filled;
    }
    let person = app.person(session, "Sam Reed").await["id"].clone();
    filled.replace("{person_id}", person.as_str().unwrap())
}

/// The links each create declares: pinned, so that a link to somewhere new is a reviewed change.
const CREATE_LINKS: &[(&str, &[&str])] = &[
    (
        "/v1/applications",
        &[
            "DeleteApplication",
            "GetApplication",
            "ListInterviews",
            "ListTasks",
            "UpdateApplication",
        ],
    ),
    (
        "/v1/interviewers",
        &[
            "DeleteInterviewer",
            "GetInterviewer",
            "ListTasks",
            "UpdateInterviewer",
        ],
    ),
    (
        "/v1/interviews",
        &[
            "DeleteInterview",
            "GetInterview",
            "InterviewPlan",
            "ListAttendees",
            "ListInterviewers",
            "ListTasks",
            "UpdateInterview",
        ],
    ),
    (
        "/v1/references",
        &[
            "DeleteReference",
            "GetReference",
            "ListTasks",
            "UpdateReference",
        ],
    ),
    (
        "/v1/rules",
        &["DeleteRule", "GetRule", "PreviewRule", "UpdateRule"],
    ),
    (
        "/v1/tasks",
        &[
            "CheckText",
            "CompleteTask",
            "ComposeTask",
            "DeleteTask",
            "GetTask",
            "ReopenTask",
            "SkipTask",
            "SnoozeTask",
            "UpdateTask",
        ],
    ),
    ("/v1/tokens", &["DeleteToken"]),
    (
        "/v1/webhooks",
        &[
            "DeleteWebhook",
            "GetWebhook",
            "ListDeliveries",
            "RotateWebhookSecret",
            "UpdateWebhook",
        ],
    ),
];

/// Each create's links act only on what it made (a path below it that takes its `id` and nothing
/// else) or read a list filtered by it; a client that follows a read with the created body's
/// `id` gets what the link promises: the resource, or a list of what hangs off it.
#[actix_web::test]
async fn the_links_of_each_create_lead_to_what_it_made() {
    let app = TestApp::spawn().await;
    let s = app.register("ada@example.com").await;
    let mut operations = std::collections::HashMap::new();
    for (path, item) in SPEC["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations.insert(op["operationId"].as_str().unwrap(), (method, path, op));
        }
    }
    let mut creates = Vec::new();
    for (path, item) in SPEC["paths"].as_object().unwrap() {
        let Some(links) = item["post"]["responses"]["201"]["links"].as_object() else {
            continue;
        };
        let mut names: Vec<&str> = links.keys().map(String::as_str).collect();
        names.sort_unstable();
        let pinned = CREATE_LINKS.iter().find(|(p, _)| p == path);
        assert_eq!(
            Some(names.as_slice()),
            pinned.map(|(_, n)| *n),
            "POST {path}"
        );
        creates.push((path, &item["post"], links));
    }
    assert_eq!(creates.len(), CREATE_LINKS.len());
    let mut followed = 0;
    for (path, create, links) in creates {
        let (mut example, _) = request_example(create).expect("a create has an example");
        if path == "/v1/tasks" {
            // An email to compose: a draft that starts with its subject.
            example["draft"] = json!("Subject: Thank you\n\nDear Maria, thank you for your time.");
        }
        let made = send(app.post(path).json(&example).bearer_auth(&s.access)).await;
        assert_eq!(
            made.status,
            StatusCode::CREATED,
            "POST {path}: {}",
            made.text
        );
        let id = made.body["id"]
            .as_str()
            .expect("the created body has an id");
        for (name, link) in links {
            let target = link["operationId"].as_str().unwrap();
            let (method, template, op) = operations[target];
            let parameters = link["parameters"].as_object().unwrap();
            assert_eq!(parameters.len(), 1, "{path} {name}");
            let (parameter, from) = parameters.iter().next().unwrap();
            assert_eq!(from, "$response.body#/id", "{path} {name}");
            let place = op["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["name"] == *parameter)
                .unwrap_or_else(|| panic!("{path} {name}: {target} takes no {parameter}"))["in"]
                .clone();
            let (url, child) = if place == "path" {
                let below = format!("{path}/{{{parameter}}}");
                assert!(
                    template.starts_with(&below) && template.matches('{').count() == 1,
                    "{path} {name}: {method} {template} acts on something else"
                );
                (template.replace(&format!("{{{parameter}}}"), id), None)
            } else {
                assert_eq!(place, "query", "{path} {name}");
                assert!(
                    method == "get" && !template.contains('{'),
                    "{path} {name}: only a list may take the id as a filter"
                );
                let child = hang_off(&app, &s, target, parameter, id).await;
                (
                    format!("{template}?{parameter}={id}&limit=100"),
                    Some(child),
                )
            };
            if method != "get" {
                continue;
            }
            let read = send(app.get(&url).bearer_auth(&s.access)).await;
            assert_eq!(
                read.status,
                StatusCode::OK,
                "{path} {name}: GET {url}: {}",
                read.text
            );
            if let Some(child) = child {
                let items = read.body["items"].as_array().expect("a list");
                assert!(
                    items.iter().any(|item| item["id"] == child),
                    "{path} {name}: GET {url} lacks {child}"
                );
                if target != "list_interviewers" {
                    assert!(
                        items.iter().all(|item| item[parameter] == id),
                        "{path} {name}: GET {url} holds another's"
                    );
                }
            }
            followed += 1;
        }
    }
    assert_eq!(followed, 18, "every read link followed");
}

/// Something that hangs off `id`, for the list `target` filtered by `parameter` to find: its id.
async fn hang_off(app: &TestApp, s: &Session, target: &str, parameter: &str, id: &str) -> String {
    match target {
        "list_tasks" => {
            let task = json!({"title": "Write to them", parameter: id});
            let made = app.create(s, "/v1/tasks", task).await;
            made["id"].as_str().unwrap().to_string()
        }
        "list_interviews" => app.new_interview(s).of(id).id().await,
        "list_interviewers" => {
            let person = app.new_person(s).name("Sam Reed").id().await;
            let attached = send(
                app.put(&format!("/v1/interviews/{id}/interviewers/{person}"))
                    .bearer_auth(&s.access),
            )
            .await;
            assert_eq!(attached.status, StatusCode::CREATED, "{}", attached.text);
            person
        }
        other => panic!("no child for {other}"),
    }
}
