//! A path with its segments percent-encoded (`/v1/%74okens`) is the same route to the router, so
//! it must be the same route to everything that decides about routes before it: scopes, the
//! write limit, idempotency (whose replies holding secrets are never stored) and the log.

use diesel::RunQueryDsl;
use diesel::sql_types::Text;
use followup::db::DbConnection;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api_tokens::api_token;
use crate::helpers::{Reply, Session, TestApp, send};

/// Every operation of the served document, as (method, path template).
fn operations() -> Vec<(Method, String)> {
    let spec = followup::spec();
    let mut out = Vec::new();
    for (path, item) in spec.paths.paths {
        for (method, present) in [
            (Method::GET, item.get.is_some()),
            (Method::POST, item.post.is_some()),
            (Method::PUT, item.put.is_some()),
            (Method::PATCH, item.patch.is_some()),
            (Method::DELETE, item.delete.is_some()),
        ] {
            if present {
                out.push((method, path.clone()));
            }
        }
    }
    assert!(out.len() > 50, "only {} operations", out.len());
    out
}

/// A concrete path of `template`: a built-in rule for `{rule_id}`, a new UUID for other ids.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|segment| match segment {
            "{rule_id}" => "closing_questions".to_string(),
            s if s.starts_with('{') => uuid::Uuid::now_v7().to_string(),
            s => s.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` with every character of every segment percent-encoded.
fn encoded(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| format!("%{b:02X}"))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn call(
    app: &TestApp,
    method: &Method,
    path: &str,
    bearer: &str,
    key: Option<&str>,
) -> Reply {
    let mut request = app.req(method.clone(), path).bearer_auth(bearer);
    if matches!(*method, Method::POST | Method::PUT | Method::PATCH) {
        request = request.json(&json!({}));
    }
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    send(request).await
}

#[test]
fn the_encoding_leaves_only_slashes() {
    assert_eq!(encoded("/v1/tokens"), "/%76%31/%74%6F%6B%65%6E%73");
}

#[actix_web::test]
async fn scopes_and_the_write_limit_answer_an_encoded_path_as_the_plain_one() {
    let app = TestApp::spawn().await;
    let s = app.register("encoded@example.com").await;
    let token = api_token(&app, &s, &["tasks:read", "rules:read"]).await;
    for (method, template) in operations() {
        // Closing the account or signing out would end the session the loop goes on with.
        if template == "/v1/me" && method == Method::DELETE {
            continue;
        }
        let path = concrete(&template);
        let plain = call(&app, &method, &path, &token, None).await;
        let hidden = call(&app, &method, &encoded(&path), &token, None).await;
        assert_eq!(
            hidden.status, plain.status,
            "{method} {template} with an API token: {}",
            hidden.text
        );
        let plain = call(&app, &method, &path, &s.access, None).await;
        let hidden = call(&app, &method, &encoded(&path), &s.access, None).await;
        assert_eq!(
            hidden.header("ratelimit").is_some(),
            plain.header("ratelimit").is_some(),
            "{method} {template}: the write limit counts it as the plain path"
        );
        if plain.status != StatusCode::TOO_MANY_REQUESTS {
            assert_ne!(
                hidden.status,
                StatusCode::TOO_MANY_REQUESTS,
                "{method} {template}"
            );
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Stored {
    #[diesel(sql_type = Text)]
    response_body: String,
}

fn stored_replies(app: &TestApp) -> Vec<String> {
    let mut conn = app.state.service.pool().get().unwrap();
    let query = "SELECT response_body FROM idempotency_keys WHERE response_body IS NOT NULL";
    let rows: Vec<Stored> = match &mut *conn {
        DbConnection::Sqlite(c) => diesel::sql_query(query).load(c).unwrap(),
        DbConnection::Pg(c) => diesel::sql_query(query).load(c).unwrap(),
    };
    rows.into_iter().map(|r| r.response_body).collect()
}

/// What the abuse report sent: secret-bearing routes behind an encoded path, twice with one key.
#[actix_web::test]
async fn no_reply_holding_a_secret_is_stored_or_replayed_whatever_the_encoding() {
    let app = TestApp::spawn().await;
    let mut s = app.register("replay@example.com").await;
    let bodies: [(&str, Value); 5] = [
        (
            "/v1/tokens",
            json!({"name": "plugin", "scopes": ["tasks:read"]}),
        ),
        ("/v1/me/calendar-token", json!({})),
        (
            "/v1/auth/login",
            json!({"email": "replay@example.com", "password": crate::helpers::PASSWORD}),
        ),
        ("/v1/auth/refresh", Value::Null),
        ("/v1/me/password", Value::Null),
    ];
    for (i, (path, body)) in bodies.into_iter().enumerate() {
        let key = format!("k{i}");
        let mut replies = Vec::new();
        for _ in 0..2 {
            let body = match path {
                "/v1/auth/refresh" => json!({"refresh_token": s.refresh}),
                "/v1/me/password" => json!({"current_password": crate::helpers::PASSWORD,
                                            "new_password": crate::helpers::PASSWORD}),
                _ => body.clone(),
            };
            let reply = send(
                app.post(&encoded(path))
                    .bearer_auth(&s.access)
                    .header("Idempotency-Key", &key)
                    .json(&body),
            )
            .await;
            assert!(reply.status.is_success(), "{path}: {}", reply.text);
            assert_eq!(reply.header("idempotent-replayed"), None, "{path}");
            if reply.body["refresh_token"].is_string() {
                s = Session::from_reply(&reply);
            }
            replies.push(reply.text);
        }
        assert_ne!(replies[0], replies[1], "{path}: a fresh secret each time");
    }
    for stored in stored_replies(&app) {
        for secret in ["fu_", "fucal_", "whsec_", "refresh_token", "access_token"] {
            assert!(
                !stored.contains(secret),
                "a stored reply holds {secret}: {stored}"
            );
        }
    }
    // An ordinary write behind an encoded path is still replayed, as it is on the plain path.
    let create = || {
        app.post(&encoded("/v1/tasks"))
            .bearer_auth(&s.access)
            .header("Idempotency-Key", "task-1")
            .json(&json!({"title": "Call Acme"}))
    };
    let first = send(create()).await;
    let again = send(create()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.body["id"], again.body["id"]);
}
