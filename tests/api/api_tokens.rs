//! API tokens for plugins: shown once, limited to their scopes, revoked at once, and never able
//! to manage tokens, webhooks, the calendar feed, the password or the account.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, send};
use crate::instants::at;

const SCOPES: [&str; 12] = [
    "applications:read",
    "applications:write",
    "interviews:read",
    "interviews:write",
    "interviewers:read",
    "interviewers:write",
    "references:read",
    "references:write",
    "tasks:read",
    "tasks:write",
    "rules:read",
    "rules:write",
];

pub async fn api_token(app: &TestApp, s: &Session, scopes: &[&str]) -> String {
    let reply = send(
        app.post("/v1/tokens")
            .bearer_auth(&s.access)
            .json(&json!({"name": "plugin", "scopes": scopes})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.body["token"].as_str().expect("token").to_string()
}

#[actix_web::test]
async fn a_read_token_reads_tasks_and_nothing_else() {
    let app = TestApp::spawn().await;
    let s = app.register("plugin@example.com").await;
    let created = send(app.post("/v1/tokens").bearer_auth(&s.access).json(&json!({
        "name": "Job board plugin", "scopes": ["tasks:read"]
    })))
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.header("cache-control"), Some("no-store"));
    let id = created.body["id"].as_str().unwrap();
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/tokens/{id}").as_str())
    );
    let token = created.body["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("fu_") && token.len() > 40, "{token}");
    assert_eq!(created.body["scopes"], json!(["tasks:read"]));
    assert_eq!(created.body["last_used_at"], Value::Null);

    let list = send(app.get("/v1/tasks").bearer_auth(&token)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);

    let write = send(
        app.post("/v1/tasks")
            .bearer_auth(&token)
            .json(&json!({"title": "Call Acme"})),
    )
    .await;
    let problem = write.problem(403);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("`tasks:write`"),
        "{problem}"
    );
    let other = send(app.get("/v1/interviews").bearer_auth(&token)).await;
    assert!(
        other.problem(403)["detail"]
            .as_str()
            .unwrap()
            .contains("`interviews:read`")
    );

    // Whatever its scopes, a token never manages tokens or the account.
    let everything = api_token(&app, &s, &SCOPES).await;
    let session_only = [
        (Method::GET, "/v1/tokens", None),
        (
            Method::POST,
            "/v1/tokens",
            Some(json!({"name": "more", "scopes": ["tasks:read"]})),
        ),
        (Method::DELETE, &format!("/v1/tokens/{id}"), None),
        (Method::GET, "/v1/me", None),
        (Method::PATCH, "/v1/me", Some(json!({"name": "Mallory"}))),
        (Method::GET, "/v1/me/export", None),
        (
            Method::POST,
            "/v1/me/password",
            Some(json!({"current_password": "x", "new_password": "y"})),
        ),
        (Method::POST, "/v1/auth/logout-all", None),
        (Method::DELETE, "/v1/me", None),
    ];
    for (method, path, body) in session_only {
        for bearer in [&token, &everything] {
            let mut request = app.req(method.clone(), path).bearer_auth(bearer);
            if let Some(body) = &body {
                request = request.json(body);
            }
            let reply = send(request).await;
            reply.problem(403);
        }
    }
    // Nothing of those happened: the account, its tokens and the first token still work.
    let tokens = send(app.get("/v1/tokens").bearer_auth(&s.access)).await;
    assert_eq!(tokens.status, StatusCode::OK);
    let items = tokens.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(!tokens.text.contains(&token), "a list never shows a secret");
    assert!(items.iter().all(|t| t.get("token").is_none()));
    assert!(
        items[0]["last_used_at"].is_string(),
        "its use was noted: {}",
        tokens.text
    );
    let me = send(app.get("/v1/me").bearer_auth(&s.access)).await;
    assert_eq!(me.body["name"], "Test User");
}

#[actix_web::test]
async fn a_revoked_token_is_refused_at_once_and_only_its_owner_can_revoke_it() {
    let app = TestApp::spawn().await;
    let alice = app.register("alice@example.com").await;
    let mallory = app.register("mallory@example.com").await;
    let token = api_token(&app, &alice, &["interviews:read", "interviews:write"]).await;
    let interview = send(
        app.post("/v1/interviews")
            .bearer_auth(&token)
            .json(&json!({"company": "Acme", "position": "Engineer",
                "scheduled_at": "2030-03-02T09:00:00Z", "duration_minutes": 60})),
    )
    .await;
    assert_eq!(interview.status, StatusCode::CREATED, "{}", interview.text);
    // The interview is Alice's: her session sees it, Mallory's does not.
    let path = format!("/v1/interviews/{}", interview.body["id"].as_str().unwrap());
    assert_eq!(
        send(app.get(&path).bearer_auth(&alice.access)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(app.get(&path).bearer_auth(&mallory.access))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let listed = send(app.get("/v1/tokens").bearer_auth(&alice.access)).await;
    let id = listed.body["items"][0]["id"].as_str().unwrap().to_string();
    let theirs = send(
        app.delete(&format!("/v1/tokens/{id}"))
            .bearer_auth(&mallory.access),
    )
    .await;
    theirs.problem(404);
    let none = send(app.get("/v1/tokens").bearer_auth(&mallory.access)).await;
    assert_eq!(none.body["items"], json!([]));
    assert_eq!(
        send(app.get(&path).bearer_auth(&token)).await.status,
        StatusCode::OK
    );

    let revoked = send(
        app.delete(&format!("/v1/tokens/{id}"))
            .bearer_auth(&alice.access),
    )
    .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let after = send(app.get(&path).bearer_auth(&token)).await;
    after.problem(401);
    assert_eq!(after.header("www-authenticate"), Some("Bearer"));
    let again = send(
        app.delete(&format!("/v1/tokens/{id}"))
            .bearer_auth(&alice.access),
    )
    .await;
    again.problem(404);
}

#[actix_web::test]
async fn a_token_stops_at_its_expiry() {
    let app = TestApp::spawn_at("2030-03-02T09:00:00Z").await;
    let mut s = app.register("expiring@example.com").await;
    let created = send(app.post("/v1/tokens").bearer_auth(&s.access).json(&json!({
        "name": "for a day", "scopes": ["tasks:read"], "expires_at": "2030-03-03T09:00:00Z"
    })))
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["expires_at"], "2030-03-03T09:00:00Z");
    let token = created.body["token"].as_str().unwrap();
    assert_eq!(
        send(app.get("/v1/tasks").bearer_auth(token)).await.status,
        StatusCode::OK
    );
    app.travel(&mut s, at("2030-03-03T09:00:01Z")).await;
    send(app.get("/v1/tasks").bearer_auth(token))
        .await
        .problem(401);
}

#[actix_web::test]
async fn bad_token_requests_are_422_naming_the_field_and_create_nothing() {
    let app = TestApp::spawn().await;
    let s = app.register("careless@example.com").await;
    let cases = [
        (json!({"name": "x", "scopes": []}), "scopes"),
        (json!({"name": "x", "scopes": ["admin"]}), "scopes[0]"),
        (
            json!({"name": "x", "scopes": ["tasks:read", "tasks:read"]}),
            "scopes",
        ),
        (json!({"name": "  ", "scopes": ["tasks:read"]}), "name"),
        (
            json!({"name": "x", "scopes": ["tasks:read"], "expires_at": "2001-01-01T00:00:00Z"}),
            "expires_at",
        ),
    ];
    for (body, field) in cases {
        let reply = send(app.post("/v1/tokens").bearer_auth(&s.access).json(&body)).await;
        assert_eq!(reply.invalid_fields(), vec![field.to_string()], "{body}");
    }
    let list = send(app.get("/v1/tokens").bearer_auth(&s.access)).await;
    assert_eq!(list.body["items"], json!([]));
}

/// The document states each operation's scope; a token holding every other scope is refused
/// with 403 naming it, and one holding only it gets past the door.
#[actix_web::test]
async fn every_scoped_operation_takes_exactly_the_scope_the_document_states() {
    let app = TestApp::spawn().await;
    let s = app.register("scopes@example.com").await;
    let spec = send(app.get("/api-docs/openapi.json")).await.body;
    let mut checked = 0;
    // Two tokens per scope, not per operation: an account holds at most 50.
    let mut tokens: std::collections::HashMap<String, (String, String)> = Default::default();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(security) = operation["security"].as_array() else {
                continue;
            };
            let scopes: Vec<&str> = security
                .iter()
                .filter_map(|r| r.get("api_token"))
                .flat_map(|s| s.as_array().unwrap().iter().map(|s| s.as_str().unwrap()))
                .collect();
            let [scope] = scopes.as_slice() else {
                assert!(scopes.is_empty(), "{method} {path}: {scopes:?}");
                continue;
            };
            if !tokens.contains_key(*scope) {
                let others: Vec<&str> = SCOPES.iter().copied().filter(|s| s != scope).collect();
                let pair = (
                    api_token(&app, &s, &others).await,
                    api_token(&app, &s, &[scope]).await,
                );
                tokens.insert(scope.to_string(), pair);
            }
            let (without, only) = tokens[*scope].clone();
            let url = path
                .replace("{rule_id}", "thank_you_note")
                .replace("{person_id}", &uuid::Uuid::now_v7().to_string())
                .replace("{reference_id}", &uuid::Uuid::now_v7().to_string())
                .replace("{id}", &uuid::Uuid::now_v7().to_string());
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let request = |token: &str| {
                let request = app.req(method.clone(), &url).bearer_auth(token);
                if method == Method::GET || method == Method::DELETE {
                    request
                } else {
                    request.json(&json!({}))
                }
            };
            let refused = send(request(&without)).await;
            let detail = refused.problem(403)["detail"].as_str().unwrap();
            assert!(detail.contains(scope), "{method} {path}: {detail}");
            let admitted = send(request(&only)).await;
            assert!(
                ![StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&admitted.status),
                "{method} {path} with {scope}: {}",
                admitted.text
            );
            checked += 1;
        }
    }
    assert!(checked >= 43, "only {checked} scoped operations");
}

#[actix_web::test]
async fn an_account_has_at_most_fifty_tokens() {
    let app = TestApp::spawn().await;
    let s = app.register("hoarder@example.com").await;
    for _ in 0..50 {
        api_token(&app, &s, &["tasks:read"]).await;
    }
    let refused = send(
        app.post("/v1/tokens")
            .bearer_auth(&s.access)
            .json(&json!({"name": "one more", "scopes": ["tasks:read"]})),
    )
    .await;
    assert_eq!(refused.problem(409)["type"], "/problems/quota-exceeded");
}
