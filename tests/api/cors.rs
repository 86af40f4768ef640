//! CORS for browser plugins: the configured origins get preflights that allow what the API
//! uses and responses that expose what clients read; any other origin gets no CORS headers.

use reqwest::{Method, StatusCode};

use crate::helpers::{Reply, TestApp, send};

const PLUGIN: &str = "chrome-extension://abcdefghijklmnop";

fn listed(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or("")
        .split(',')
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The CORS headers of a reply, by name.
fn cors_headers(reply: &Reply) -> Vec<&str> {
    reply
        .headers
        .keys()
        .map(|k| k.as_str())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

#[actix_web::test]
async fn allowed_origins_get_preflights_and_exposed_headers_others_get_nothing() {
    let app = TestApp::spawn_with(|c| c.cors_origins = vec![PLUGIN.into()]).await;
    let s = app.register("plugin@example.com").await;

    let preflight = send(
        app.req(Method::OPTIONS, "/v1/tasks")
            .header("Origin", PLUGIN)
            .header("Access-Control-Request-Method", "PATCH")
            .header(
                "Access-Control-Request-Headers",
                "authorization, content-type, if-match, if-none-match, idempotency-key",
            ),
    )
    .await;
    assert!(preflight.status.is_success(), "{}", preflight.status);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(PLUGIN)
    );
    let methods = listed(preflight.header("access-control-allow-methods"));
    for method in ["get", "post", "put", "patch", "delete"] {
        assert!(methods.contains(&method.to_string()), "{methods:?}");
    }
    let headers = listed(preflight.header("access-control-allow-headers"));
    for header in [
        "authorization",
        "content-type",
        "if-match",
        "if-none-match",
        "idempotency-key",
    ] {
        assert!(headers.contains(&header.to_string()), "{headers:?}");
    }

    let read = send(
        app.get("/v1/tasks")
            .header("Origin", PLUGIN)
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.header("access-control-allow-origin"), Some(PLUGIN));
    let exposed = listed(read.header("access-control-expose-headers"));
    for header in [
        "etag",
        "retry-after",
        "location",
        "ratelimit",
        "ratelimit-policy",
        "idempotent-replayed",
    ] {
        assert!(exposed.contains(&header.to_string()), "{exposed:?}");
    }

    let stranger = "https://evil.example";
    let preflight = send(
        app.req(Method::OPTIONS, "/v1/tasks")
            .header("Origin", stranger)
            .header("Access-Control-Request-Method", "DELETE"),
    )
    .await;
    assert_eq!(cors_headers(&preflight), Vec::<&str>::new());
    // Refused like every other bad request: a problem, saying why.
    let problem = preflight.problem(400);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("FOLLOWUP_CORS_ORIGINS"),
        "{problem}"
    );
    let read = send(
        app.get("/v1/tasks")
            .header("Origin", stranger)
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(cors_headers(&read), Vec::<&str>::new());
    // Served (a server-side caller may send any Origin), but no browser lets the page read it.
    assert_eq!(read.status, StatusCode::OK);
}

/// An allowed origin asking for a header the API does not take is refused with a problem too.
#[actix_web::test]
async fn a_preflight_for_a_header_the_api_does_not_take_is_a_problem() {
    let app = TestApp::spawn_with(|c| c.cors_origins = vec![PLUGIN.into()]).await;
    let preflight = send(
        app.req(Method::OPTIONS, "/v1/tasks")
            .header("Origin", PLUGIN)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "x-custom"),
    )
    .await;
    preflight.problem(400);
    assert!(preflight.header("access-control-allow-origin").is_none());
}
