//! The OpenAPI document is a reviewed artefact: what the server serves must equal the committed
//! `openapi/openapi.json`. Regenerate with `cargo run -- openapi > openapi/openapi.json`.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, send};

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
    ];
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let id = format!("{method} {path}");
            if !public.contains(&path.as_str()) {
                assert_eq!(
                    op["security"][0]["bearer"],
                    Value::Array(vec![]),
                    "{id} lacks bearer security"
                );
                assert!(responses.contains_key("401"), "{id} lacks 401");
            }
            if method == "post" && !public.contains(&path.as_str()) {
                let params = op["parameters"].as_array().expect("parameters");
                assert!(
                    params
                        .iter()
                        .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header"),
                    "{id} does not document Idempotency-Key"
                );
            }
            if path.ends_with("{id}") && (method == "patch" || method == "delete") {
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
