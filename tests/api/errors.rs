//! Every error, including those from extractors and routing, is RFC 9457 problem+json.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, send};

#[actix_web::test]
async fn extractor_failures_are_problems() {
    let app = TestApp::spawn().await;
    let s = app.register("err@example.com").await;
    let register = || app.post("/v1/auth/register");

    // Malformed JSON.
    let r = send(
        register()
            .header("content-type", "application/json")
            .body("{\"email\": "),
    )
    .await;
    r.problem(400);
    // Empty body.
    let r = send(register().header("content-type", "application/json")).await;
    r.problem(400);
    // Wrong content type.
    let r = send(register().header("content-type", "text/plain").body("{}")).await;
    r.problem(415);
    let r = send(register().body(r#"{"email":"a@b.co","password":"x"}"#)).await;
    r.problem(415);
    // A value of the wrong type names its field.
    let r = send(register().json(&json!({"email": 42, "password": PASSWORD}))).await;
    assert_eq!(r.invalid_fields(), ["email"]);
    // A missing field names itself.
    let r = send(register().json(&json!({"password": PASSWORD}))).await;
    assert_eq!(r.invalid_fields(), ["email"]);
    // Unknown fields are refused, not ignored.
    let r =
        send(register().json(&json!({"email": "x@y.co", "password": PASSWORD, "id": "me"}))).await;
    assert_eq!(r.invalid_fields(), ["id"]);
    // Too large.
    let big = "x".repeat(200 * 1024);
    let r = send(
        app.patch("/v1/me")
            .bearer_auth(&s.access)
            .json(&json!({"name": big})),
    )
    .await;
    r.problem(413);
    // Too long for the field, but within the body limit.
    let long = "x".repeat(101);
    let r = send(
        app.patch("/v1/me")
            .bearer_auth(&s.access)
            .json(&json!({"name": long})),
    )
    .await;
    assert_eq!(r.invalid_fields(), ["name"]);
}

#[actix_web::test]
async fn unknown_routes_and_wrong_methods_are_problems() {
    let app = TestApp::spawn().await;
    let r = send(app.get("/v1/nothing-here")).await;
    r.problem(404);
    let r = send(app.req(Method::PUT, "/v1/me")).await;
    r.problem(405);
    let allow = r.header("allow").unwrap();
    assert!(
        allow.contains("GET") && allow.contains("PATCH") && allow.contains("DELETE"),
        "{allow}"
    );
    let r = send(app.get("/v1/auth/login")).await;
    r.problem(405);
    assert_eq!(r.header("allow"), Some("POST"));
}

#[actix_web::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let r = send(app.get("/healthz")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("x-request-id").is_some_and(|id| id.len() >= 32));
    let r = send(app.get("/healthz").header("x-request-id", "trace-123")).await;
    assert_eq!(r.header("x-request-id"), Some("trace-123"));
}

#[actix_web::test]
async fn probes_answer() {
    let app = TestApp::spawn().await;
    let r = send(app.get("/healthz")).await;
    assert_eq!(r.body["status"], "ok");
    let r = send(app.get("/readyz")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["status"], "ready");
}

#[actix_web::test]
async fn malformed_ids_and_query_values_are_problems() {
    let app = TestApp::spawn().await;
    let s = app.register("ids@example.com").await;
    send(
        app.delete("/v1/interviews/x/interviewers/y")
            .bearer_auth(&s.access),
    )
    .await
    .problem(404);
    for path in ["/v1/interviews/not-a-uuid", "/v1/tasks/123"] {
        send(app.get(path).bearer_auth(&s.access))
            .await
            .problem(404);
    }
    let r = send(app.get("/v1/interviews?limit=many").bearer_auth(&s.access)).await;
    assert_eq!(r.invalid_fields(), ["limit"]);
    let r = send(
        app.get("/v1/interviews?updated_since=last-week")
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(r.invalid_fields(), ["updated_since"]);
    // Every filter that does not fit, at once; none with a pointer, which is for bodies.
    let r = send(
        app.get("/v1/tasks?status=bogus&kind=nope&due_before=soon")
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(r.invalid_fields(), ["due_before", "kind", "status"]);
    let errors = r.problem(422)["errors"].as_array().unwrap().clone();
    assert!(
        errors.iter().all(|e| e.get("pointer").is_none()),
        "{errors:?}"
    );
}

#[actix_web::test]
async fn readyz_answers_503_when_the_database_does_not() {
    use std::sync::Arc;
    use std::time::Duration;

    use followup::auth::JwtKeys;
    use followup::http::page_cache::PageCache;
    use followup::service::throttle::LoginThrottle;
    use followup::state::AppState;

    // Nothing listens on port 1: the pool cannot connect.
    let url = "postgres://nobody:nothing@127.0.0.1:1/none";
    let config = followup::Config::local(url);
    let pool = followup::db::connect_lazily(url, Duration::from_millis(300)).unwrap();
    let pages = Arc::new(PageCache::new(pool.changes().clone(), None, 0));
    let service = followup::service::Service::new(pool, followup::clock::Clock::System);
    let state = AppState {
        pages,
        login_throttle: Arc::new(LoginThrottle::new(
            &config.auth,
            b"secret",
            service.clone(),
            true,
        )),
        service,
        backend: followup::db::Backend::Postgres,
        jwt: Arc::new(JwtKeys::new(
            b"0123456789abcdef0123456789abcdef",
            &config.auth,
        )),
        write_limiter: Arc::new(followup::http::write_limit::WriteLimiter::new(
            config.writes,
        )),
        proofreader: Arc::new(followup::proofread::Proofreader::on_demand()),
        config: Arc::new(config),
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = actix_web::HttpServer::new(move || followup::app(state.clone()))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let client = reqwest::Client::new();
    let alive = send(client.get(format!("{base}/healthz"))).await;
    assert_eq!(alive.status, StatusCode::OK, "the process lives");
    let ready = send(client.get(format!("{base}/readyz"))).await;
    ready.problem(503);
    assert_eq!(ready.header("retry-after"), Some("5"));
    let token = JwtKeys::new(
        b"0123456789abcdef0123456789abcdef",
        &followup::Config::local(url).auth,
    )
    .issue(uuid::Uuid::now_v7(), chrono::Utc::now())
    .unwrap();
    let list = send(
        client
            .get(format!("{base}/v1/interviews"))
            .bearer_auth(&token),
    )
    .await;
    list.problem(503);
    assert_eq!(list.header("retry-after"), Some("5"));
    assert!(
        !ready.text.contains("nobody"),
        "no connection detail leaks: {}",
        ready.text
    );
    handle.stop(false).await;
}

/// A form with several mistakes of type, enum and format gets one 422 naming each, with a JSON
/// pointer into the body, and nothing is created; a query parameter has no pointer.
#[actix_web::test]
async fn one_422_lists_every_field_that_does_not_fit_with_its_pointer() {
    let app = TestApp::spawn().await;
    let s = app.register("careless@example.com").await;
    let reply = send(app.post("/v1/tasks").bearer_auth(&s.access).json(&json!({
        "title": 5,
        "due_at": "next tuesday",
        "channel": "pigeon",
        "notes": ["not", "text"],
        "interview_id": "not-a-uuid",
    })))
    .await;
    assert_eq!(
        reply.invalid_fields(),
        ["channel", "due_at", "interview_id", "notes", "title"],
        "{}",
        reply.text
    );
    for error in reply.body["errors"].as_array().unwrap() {
        assert_eq!(
            error["pointer"],
            format!("/{}", error["field"].as_str().unwrap()),
            "{error}"
        );
    }
    // Nested: each bad member of a list is found by where it is.
    let nested = send(
        app.post("/v1/tokens")
            .bearer_auth(&s.access)
            .json(&json!({"name": 7, "scopes": ["tasks:read", "admin"]})),
    )
    .await;
    assert_eq!(
        nested.invalid_fields(),
        ["name", "scopes[1]"],
        "{}",
        nested.text
    );
    let pointers: Vec<&str> = nested.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert!(pointers.contains(&"/scopes/1"), "{pointers:?}");
    let listed = send(app.get("/v1/tasks").bearer_auth(&s.access)).await;
    assert_eq!(listed.body["items"], json!([]), "nothing was created");

    let query = send(app.get("/v1/tasks?limit=0").bearer_auth(&s.access)).await;
    assert_eq!(query.invalid_fields(), ["limit"]);
    assert!(
        query.body["errors"][0].get("pointer").is_none(),
        "{}",
        query.text
    );
    let enum_in_query = send(app.get("/v1/tasks?status=maybe").bearer_auth(&s.access)).await;
    assert_eq!(enum_in_query.invalid_fields(), ["status"]);
    assert!(enum_in_query.body["errors"][0].get("pointer").is_none());
}

/// A body of thousands of members that are all wrong costs a bounded number of passes, and
/// its 422 names at most twenty of them: enough to fix a form, too few to be made expensive.
#[actix_web::test]
async fn a_body_of_many_bad_members_gets_a_bounded_answer() {
    let app = TestApp::spawn().await;
    let members: serde_json::Map<String, serde_json::Value> =
        (0..5000).map(|i| (format!("k{i}"), json!(0))).collect();
    let reply = send(app.post("/v1/auth/login").json(&members)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text
    );
    assert_eq!(reply.body["errors"].as_array().unwrap().len(), 20);
    assert!(reply.text.len() < 4000, "{} bytes", reply.text.len());
}

/// A form with a wrong enum value, a malformed date and a title too long gets all three in one
/// 422: the members that do not fit their types are named, and the rest is checked as ever.
#[actix_web::test]
async fn type_mistakes_and_rule_breaks_come_in_one_422() {
    let app = TestApp::spawn().await;
    let s = app.register("form@example.com").await;
    let reply = send(app.post("/v1/tasks").bearer_auth(&s.access).json(&json!({
        "title": "x".repeat(201),
        "channel": "pigeon",
        "due_at": "next tuesday",
    })))
    .await;
    assert_eq!(
        reply.invalid_fields(),
        ["channel", "due_at", "title"],
        "{}",
        reply.text
    );
    let patch = send(
        app.post("/v1/tasks")
            .bearer_auth(&s.access)
            .json(&json!({"title": "Call"})),
    )
    .await;
    let id = patch.body["id"].as_str().unwrap();
    let reply = send(
        app.patch(&format!("/v1/tasks/{id}"))
            .bearer_auth(&s.access)
            .json(&json!({"title": "", "channel": 7, "not_before": "soon"})),
    )
    .await;
    assert_eq!(
        reply.invalid_fields(),
        ["channel", "not_before", "title"],
        "{}",
        reply.text
    );
    let unchanged = send(app.get(&format!("/v1/tasks/{id}")).bearer_auth(&s.access)).await;
    assert_eq!(unchanged.body["title"], "Call");
    assert_eq!(unchanged.header("etag"), Some("\"1\""));
}

/// Every wrong element of a list is named at the index it was sent at: those of the wrong type
/// and those the rules refuse alike, in one 422; nothing is created.
#[actix_web::test]
async fn every_wrong_element_of_a_list_is_named_where_it_was_sent() {
    let app = TestApp::spawn().await;
    let s = app.register("lists@example.com").await;
    let reply = send(
        app.post("/v1/applications")
            .bearer_auth(&s.access)
            .json(&json!({
                "company": "Initech",
                "position": "Backend Developer",
                "strengths": ["ok", 5, "", 7],
            })),
    )
    .await;
    assert_eq!(
        reply.invalid_fields(),
        ["strengths[1]", "strengths[2]", "strengths[3]"],
        "{}",
        reply.text
    );
    for error in reply.body["errors"].as_array().unwrap() {
        let index = error["field"]
            .as_str()
            .unwrap()
            .trim_start_matches("strengths");
        let index = index.trim_matches(['[', ']']);
        assert_eq!(error["pointer"], format!("/strengths/{index}"), "{error}");
    }
    let tokens = send(
        app.post("/v1/tokens")
            .bearer_auth(&s.access)
            .json(&json!({"name": "plugin", "scopes": ["tasks:admin", "applications"]})),
    )
    .await;
    assert_eq!(
        tokens.invalid_fields(),
        ["scopes[0]", "scopes[1]"],
        "{}",
        tokens.text
    );
    let listed = send(app.get("/v1/applications").bearer_auth(&s.access)).await;
    assert_eq!(listed.body["items"], json!([]), "nothing was created");
    let listed = send(app.get("/v1/tokens").bearer_auth(&s.access)).await;
    assert_eq!(listed.body["items"], json!([]), "nothing was created");
}

/// A list's query is read as one: its paging and its filters are all named in one 422, whether
/// their type, their range or the list's own rule refuses them; a parameter the list does not
/// take is refused, naming the ones it does.
#[actix_web::test]
async fn a_list_names_every_wrong_parameter_of_its_query_at_once() {
    let app = TestApp::spawn().await;
    let s = app.register("queries@example.com").await;
    let get = |path: &str| send(app.get(path).bearer_auth(&s.access));
    let paging = get("/v1/references?limit=500&cursor=bogus&updated_since=yesterday").await;
    assert_eq!(
        paging.invalid_fields(),
        ["cursor", "limit", "updated_since"],
        "{}",
        paging.text
    );
    let both = get("/v1/tasks?limit=abc&status=bogus&kind=nope&due_before=x").await;
    assert_eq!(
        both.invalid_fields(),
        ["due_before", "kind", "limit", "status"],
        "{}",
        both.text
    );
    let limit = both.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "limit")
        .unwrap()["message"]
        .clone();
    assert_eq!(limit, "must be a whole number from 1 to 200");
    let rule = get("/v1/applications?posting_url=notaurl&limit=0").await;
    assert_eq!(
        rule.invalid_fields(),
        ["limit", "posting_url"],
        "{}",
        rule.text
    );
    app.new_application(&s).create().await;
    for path in [
        "/v1/applications?postingurl=https://jobs.example/1",
        "/v1/interviewers?interview=x",
    ] {
        let typo = get(path).await;
        let field = path.split(['?', '=']).nth(1).unwrap();
        assert_eq!(typo.invalid_fields(), [field], "{}", typo.text);
        let message = typo.body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("limit, cursor, updated_since"),
            "{message}"
        );
    }
    // The caller's token is checked first: a stranger's query is not even read.
    let stranger = send(app.get("/v1/tasks?bogus=1&limit=abc")).await;
    stranger.problem(401);
    let plus = get("/v1/interviews?updated_since=2026-03-03T14:00:00+01:00").await;
    assert_eq!(plus.invalid_fields(), ["updated_since"]);
    assert!(plus.text.contains("%2B"), "{}", plus.text);
    let encoded = get("/v1/interviews?updated_since=2026-03-03T14:00:00%2B01:00").await;
    assert_eq!(encoded.status, StatusCode::OK, "{}", encoded.text);
}

/// A problem's `type` dereferences to a page on what it means, as RFC 9457 asks: public,
/// cacheable; a name that is no problem type is not found.
#[actix_web::test]
async fn a_problem_type_is_a_page_saying_what_to_do() {
    let app = TestApp::spawn().await;
    let refused = send(app.get("/v1/interviews")).await;
    let kind = refused.problem(401)["type"].as_str().unwrap().to_string();
    let page = send(app.get(&kind)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.text.contains("<code>/problems/unauthorized</code>"),
        "{}",
        page.text
    );
    assert!(page.text.contains("status 401"), "{}", page.text);
    assert!(
        page.text.contains("<code>POST /v1/auth/login</code>"),
        "{}",
        page.text
    );
    let unknown = send(app.get("/problems/nothing-like-it")).await;
    let problem = unknown.problem(404);
    assert!(
        problem["detail"].as_str().unwrap().contains("validation"),
        "{problem}"
    );
}
