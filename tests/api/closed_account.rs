//! A closed account's last access token (valid for up to 15 minutes) and its API tokens get 401
//! on every operation: never an empty 200, never a 500 from a row that can no longer point at
//! its account.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::api_tokens::api_token;
use crate::helpers::{PASSWORD, TestApp, send};

/// Every operation of the served document that takes a bearer token, as (method, template).
fn signed_in_operations() -> Vec<(Method, String)> {
    let spec: serde_json::Value = serde_json::from_str(&followup::spec_json()).unwrap();
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (verb, operation) in item.as_object().unwrap() {
            let bearer = operation["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            if bearer {
                out.push((verb.to_uppercase().parse().unwrap(), path.clone()));
            }
        }
    }
    assert!(out.len() > 40, "{} operations", out.len());
    out
}

#[actix_web::test]
async fn every_operation_answers_a_closed_accounts_tokens_with_401() {
    let app = TestApp::spawn().await;
    let s = app.register("closing@example.com").await;
    let token = api_token(&app, &s, &["tasks:read", "tasks:write", "rules:read"]).await;
    let interview = app.interview(&s, "Acme").await;
    let id = interview["id"].as_str().unwrap().to_string();
    let closed = send(
        app.delete("/v1/me")
            .bearer_auth(&s.access)
            .json(&json!({"password": PASSWORD})),
    )
    .await;
    assert_eq!(closed.status, StatusCode::NO_CONTENT, "{}", closed.text);
    for (method, template) in signed_in_operations() {
        let path = template
            .replace("{rule_id}", "closing_questions")
            .split('/')
            .map(|s| if s.starts_with('{') { id.as_str() } else { s })
            .collect::<Vec<_>>()
            .join("/");
        for bearer in [&s.access, &token] {
            let mut request = app.req(method.clone(), &path).bearer_auth(bearer);
            if method != Method::GET {
                request = request.json(&json!({}));
            }
            let reply = send(request.header("Idempotency-Key", "after")).await;
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{method} {template}: {}",
                reply.text
            );
        }
    }
}

/// Closed by another server (PostgreSQL, several instances): this one never saw it, and every
/// read and write still finds the account gone. A body this server refuses before it reads
/// anything is 422; nothing is 200 or 500.
#[actix_web::test]
async fn an_account_closed_elsewhere_reads_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let s = app.register("elsewhere@example.com").await;
    let interview = app.interview(&s, "Acme").await;
    let id = interview["id"].as_str().unwrap().to_string();
    let user = s.user_id.clone();
    followup::db::run_write::<_, followup::error::ApiError, _>(
        app.state.service.pool(),
        move |conn| Ok(followup::store::account::delete(conn, &user)?),
    )
    .await
    .unwrap();
    app.state.service.pool().changes().bump(&s.user_id);
    for (method, template) in signed_in_operations() {
        let path = template
            .split('/')
            .map(|s| if s.starts_with('{') { id.as_str() } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let mut request = app.req(method.clone(), &path).bearer_auth(&s.access);
        if method != Method::GET {
            request = request.json(&json!({}));
        }
        let reply = send(request.header("Idempotency-Key", "after")).await;
        let allowed: &[u16] = if method == Method::GET {
            &[401]
        } else {
            &[401, 422]
        };
        assert!(
            allowed.contains(&reply.status.as_u16()),
            "{method} {template}: {} {}",
            reply.status,
            reply.text
        );
    }
}
