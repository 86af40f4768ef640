//! Webhooks end to end: a receiver started here, deliveries verified with the `standardwebhooks`
//! crate (the Standard Webhooks reference library, not our signing code), the outbox surviving
//! a server that dies mid-delivery, retries then switching off, and the address checks.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, web};
use chrono::Duration;
use followup::config::WebhookSettings;
use followup::service::Service;
use followup::service::webhooks::{self, PassReport, Sender};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, send};
use crate::instants::at;

const START: &str = "2030-03-02T08:00:00Z";
pub const LOCAL: WebhookSettings = WebhookSettings {
    allow_private: true,
    allow_http: true,
};

/// Panics unless `event` is the body the document's `webhooks` section gives its type, as
/// `conformance::check` holds every response to its operation.
pub fn assert_documented(event: &Value) {
    let kind = event["type"].as_str().expect("an event names its type");
    let operation = &crate::conformance::SPEC["webhooks"][kind]["post"];
    let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "the document has no webhook {kind}");
    let wrong = crate::conformance::violations(schema, event);
    assert!(
        wrong.is_empty(),
        "{kind} is not as documented: {wrong:?}\n{event}"
    );
}

/// What a receiver got: headers and body of each request.
type Got = Arc<Mutex<Vec<(HeaderMap, String)>>>;

pub struct Receiver {
    pub url: String,
    got: Got,
    arrived: Arc<tokio::sync::Notify>,
    status: Arc<AtomicU16>,
    handle: ServerHandle,
}

impl Receiver {
    pub async fn start(status: u16) -> Self {
        let got: Got = Arc::default();
        let arrived = Arc::new(tokio::sync::Notify::new());
        let status = Arc::new(AtomicU16::new(status));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (shared, answer, ring) = (got.clone(), status.clone(), arrived.clone());
        let server = actix_web::HttpServer::new(move || {
            let (got, answer, ring) = (shared.clone(), answer.clone(), ring.clone());
            App::new().default_service(web::to(move |req: HttpRequest, body: String| {
                let (got, answer, ring) = (got.clone(), answer.clone(), ring.clone());
                async move {
                    let mut headers = HeaderMap::new();
                    for (name, value) in req.headers() {
                        headers.insert(
                            HeaderName::from_bytes(name.as_str().as_bytes()).unwrap(),
                            HeaderValue::from_bytes(value.as_bytes()).unwrap(),
                        );
                    }
                    got.lock().unwrap().push((headers, body));
                    ring.notify_waiters();
                    let code = answer.load(Ordering::SeqCst);
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap())
                        .finish()
                }
            }))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Self {
            url: format!("http://127.0.0.1:{port}/hook"),
            got,
            arrived,
            status,
            handle,
        }
    }

    /// The bodies received, parsed, after checking every signature with the reference library.
    pub fn verified(&self, secret: &str) -> Vec<Value> {
        let verifier = standardwebhooks::Webhook::new(secret).unwrap();
        self.got
            .lock()
            .unwrap()
            .iter()
            .map(|(headers, body)| {
                verifier
                    .verify(body.as_bytes(), headers)
                    .unwrap_or_else(|err| panic!("does not verify ({err:?}): {body}"));
                let event: Value = serde_json::from_str(body).unwrap();
                assert_eq!(
                    headers.get("webhook-id").unwrap().to_str().unwrap(),
                    event["id"],
                    "the header names the event"
                );
                assert_documented(&event);
                event
            })
            .collect()
    }

    pub fn count(&self) -> usize {
        self.got.lock().unwrap().len()
    }

    /// Waits until `n` requests have arrived, at most `within`; false if they did not.
    pub async fn received(&self, n: usize, within: std::time::Duration) -> bool {
        let arrive = async {
            loop {
                // Made before the count is read, so an arrival in between still wakes it.
                let next = self.arrived.notified();
                if self.count() >= n {
                    return;
                }
                next.await;
            }
        };
        actix_web::rt::time::timeout(within, arrive).await.is_ok()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

pub async fn endpoint(app: &TestApp, s: &Session, url: &str, events: &[&str]) -> (String, String) {
    let reply = send(
        app.post("/v1/webhooks")
            .bearer_auth(&s.access)
            .json(&json!({"url": url, "events": events})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let secret = reply.body["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));
    (reply.body["id"].as_str().unwrap().to_string(), secret)
}

async fn pass(app: &TestApp) -> PassReport {
    webhooks::pass(&app.state.service, &Sender::new(LOCAL).unwrap())
        .await
        .unwrap()
}

fn types(events: &[Value]) -> Vec<String> {
    let mut types: Vec<String> = events
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect();
    types.sort();
    types.dedup();
    types
}

#[actix_web::test]
async fn deliveries_are_signed_carry_the_resource_and_verify_with_standard_webhooks() {
    let app = TestApp::spawn_at_with(START, |c| c.webhooks = LOCAL).await;
    let mut s = app.register("hooks@example.com").await;
    let receiver = Receiver::start(200).await;
    let all = [
        "task.created",
        "task.due",
        "task.completed",
        "task.cancelled",
        "interview.updated",
    ];
    let (id, secret) = endpoint(&app, &s, &receiver.url, &all).await;

    let task = app
        .create(
            &s,
            "/v1/tasks",
            json!({"title": "Call Acme", "due_at": "2030-03-02T10:00:00Z"}),
        )
        .await;
    let interview = app.interview(&s, "Initech").await;
    let iid = interview["id"].as_str().unwrap();
    let patched = send(
        app.patch(&format!("/v1/interviews/{iid}"))
            .bearer_auth(&s.access)
            .json(&json!({"position": "Staff Engineer"})),
    )
    .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    let report = pass(&app).await;
    assert!(
        report.delivered >= 2,
        "{report:?}: {:?}",
        types(&receiver.verified(&secret))
    );
    assert_eq!(report.failed, 0);

    // The task falls due, then is done.
    app.travel(&mut s, at("2030-03-02T10:05:00Z")).await;
    let report = pass(&app).await;
    assert_eq!(report.announced, 1, "{report:?}");
    let tid = task["id"].as_str().unwrap();
    let done = send(
        app.post(&format!("/v1/tasks/{tid}/complete"))
            .bearer_auth(&s.access)
            .json(&json!({"channel": "phone"})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let report = pass(&app).await;
    assert_eq!(report.announced, 0, "announced once: {report:?}");

    let events = receiver.verified(&secret);
    assert_eq!(
        types(&events),
        [
            "interview.updated",
            "task.completed",
            "task.created",
            "task.due"
        ]
    );
    let created = events
        .iter()
        .find(|e| e["type"] == "task.created" && e["data"]["id"] == tid)
        .expect("the task's creation");
    assert_eq!(created["data"]["title"], "Call Acme");
    assert_eq!(created["data"]["status"], "open", "as it was then");
    assert!(created["id"].as_str().unwrap().starts_with("msg_"));
    assert!(created["timestamp"].is_string());
    let completed = events
        .iter()
        .find(|e| e["type"] == "task.completed")
        .unwrap();
    assert_eq!(completed["data"]["status"], "done");
    let updated = events
        .iter()
        .find(|e| e["type"] == "interview.updated")
        .unwrap();
    assert_eq!(updated["data"]["position"], "Staff Engineer");
    let due = events.iter().find(|e| e["type"] == "task.due").unwrap();
    assert_eq!(due["data"]["id"], tid);

    // The deliveries list shows each attempt, and a second pass sends nothing again.
    let sent = receiver.count();
    assert_eq!(pass(&app).await, PassReport::default());
    assert_eq!(receiver.count(), sent);
    let log = send(
        app.get(&format!("/v1/webhooks/{id}/deliveries"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text);
    let items = log.body["items"].as_array().unwrap();
    assert_eq!(items.len(), sent);
    assert!(
        items
            .iter()
            .all(|a| a["status_code"] == 200 && a["error"].is_null())
    );

    // A rotated secret signs what follows; the old one no longer verifies it.
    let rotated = send(
        app.post(&format!("/v1/webhooks/{id}/rotate-secret"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.text);
    let new_secret = rotated.body["secret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, secret);
    receiver.got.lock().unwrap().clear();
    app.create(&s, "/v1/tasks", json!({"title": "Write to Initech"}))
        .await;
    pass(&app).await;
    assert_eq!(receiver.verified(&new_secret).len(), 1);
    let (headers, body) = receiver.got.lock().unwrap()[0].clone();
    assert!(
        standardwebhooks::Webhook::new(&secret)
            .unwrap()
            .verify(body.as_bytes(), &headers)
            .is_err()
    );
}

#[actix_web::test]
async fn the_outbox_delivers_what_a_server_that_died_mid_delivery_had_claimed() {
    let app = TestApp::spawn_at_with(START, |c| c.webhooks = LOCAL).await;
    let s = app.register("outbox@example.com").await;
    let receiver = Receiver::start(200).await;
    let (_, secret) = endpoint(&app, &s, &receiver.url, &["task.created"]).await;
    app.create(&s, "/v1/tasks", json!({"title": "Call Acme"}))
        .await;

    // The change's transaction queued the delivery: a server claims it and dies before sending.
    let service = &app.state.service;
    let now = service.clock().now();
    let claimed = service
        .write_session(move |conn| {
            Ok(followup::store::webhooks::claim(
                conn,
                now,
                now + Duration::seconds(60),
                50,
            )?)
        })
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1, "queued with the change");

    // Another server, started on the same database: the claim keeps it off until its lease ends.
    let restarted = Service::new(service.pool().clone(), service.clock().clone());
    let sender = Sender::new(LOCAL).unwrap();
    let early = webhooks::pass(&restarted, &sender).await.unwrap();
    assert_eq!(early.delivered, 0);
    assert_eq!(receiver.count(), 0);
    app.clock().advance(Duration::seconds(61));
    let late = webhooks::pass(&restarted, &sender).await.unwrap();
    assert_eq!(late.delivered, 1, "{late:?}");
    let events = receiver.verified(&secret);
    assert_eq!(events[0]["data"]["title"], "Call Acme");
}

#[actix_web::test]
async fn a_failing_endpoint_is_retried_with_backoff_then_switched_off_saying_why() {
    let app = TestApp::spawn_at_with(START, |c| c.webhooks = LOCAL).await;
    let mut s = app.register("failing@example.com").await;
    let receiver = Receiver::start(500).await;
    let (id, _) = endpoint(&app, &s, &receiver.url, &["task.created"]).await;
    app.create(&s, "/v1/tasks", json!({"title": "Call Acme"}))
        .await;

    let first = pass(&app).await;
    assert_eq!((first.delivered, first.failed), (0, 1));
    // Not before its backoff...
    assert_eq!(pass(&app).await.failed, 0, "the retry waits");
    // ...but after it (the first wait is at most 5 seconds).
    app.clock().advance(Duration::seconds(6));
    assert_eq!(pass(&app).await.failed, 1);
    assert_eq!(receiver.count(), 2);

    // A day of failures later, the endpoint is switched off.
    let day_later = app.clock().now() + Duration::hours(25);
    app.travel(&mut s, day_later).await;
    let last = pass(&app).await;
    assert_eq!((last.failed, last.disabled), (1, 1), "{last:?}");
    let hook = send(
        app.get(&format!("/v1/webhooks/{id}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(hook.body["enabled"], false, "{}", hook.text);
    let reason = hook.body["disabled_reason"].as_str().unwrap();
    assert!(
        reason.contains("24 hours") && reason.contains("500"),
        "{reason}"
    );
    let log = send(
        app.get(&format!("/v1/webhooks/{id}/deliveries"))
            .bearer_auth(&s.access),
    )
    .await;
    let items = log.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|a| a["status_code"] == 500));
    assert_eq!(items[0]["attempt"], 3, "newest first");

    // Switched off, it gets nothing; switched on again, the reason goes.
    app.create(&s, "/v1/tasks", json!({"title": "Another"}))
        .await;
    let later = app.clock().now() + Duration::hours(2);
    app.travel(&mut s, later).await;
    assert_eq!(pass(&app).await, PassReport::default());
    receiver.status.store(200, Ordering::SeqCst);
    let tag = hook.header("etag").unwrap().to_string();
    let on = send(
        app.patch(&format!("/v1/webhooks/{id}"))
            .bearer_auth(&s.access)
            .header("If-Match", tag)
            .json(&json!({"enabled": true})),
    )
    .await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.text);
    assert_eq!(on.body["disabled_reason"], Value::Null);
    app.create(&s, "/v1/tasks", json!({"title": "Once more"}))
        .await;
    assert_eq!(pass(&app).await.delivered, 1);

    // Switched off by you, with an event already queued: that event is dropped, not sent.
    app.create(&s, "/v1/tasks", json!({"title": "Queued"}))
        .await;
    let off = send(
        app.patch(&format!("/v1/webhooks/{id}"))
            .bearer_auth(&s.access)
            .json(&json!({"enabled": false})),
    )
    .await;
    assert_eq!(off.body["enabled"], false, "{}", off.text);
    let before = receiver.count();
    assert_eq!(pass(&app).await, PassReport::default());
    assert_eq!(receiver.count(), before);
}

#[actix_web::test]
async fn inside_addresses_and_plain_http_are_refused_unless_configured() {
    let app = TestApp::spawn().await;
    let s = app.register("ssrf@example.com").await;
    for url in [
        "http://example.com/hook",
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.8/hook",
        "https://localhost/hook",
        "https://user:secret@example.com/hook",
        "not a url",
        // IPv4 inside IPv6, and the special ranges of IANA's registries.
        "https://[::127.0.0.1]/hook",
        "https://[::ffff:169.254.169.254]/hook",
        "https://[64:ff9b::a9fe:a9fe]/hook",
        "https://[2002:7f00:1::]/hook",
        "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",
        "https://[fec0::1]/hook",
        "https://[100::1]/hook",
        "https://[2001:db8::1]/hook",
        "https://198.18.0.1/hook",
        "https://192.0.0.1/hook",
        "https://240.0.0.1/hook",
    ] {
        let reply = send(
            app.post("/v1/webhooks")
                .bearer_auth(&s.access)
                .json(&json!({"url": url, "events": ["task.created"]})),
        )
        .await;
        assert_eq!(reply.invalid_fields(), vec!["url".to_string()], "{url}");
        // Not a DNS oracle: the answer never says where a name points.
        assert!(!reply.text.contains("127.0.0.1"), "{}", reply.text);
    }
    for name in [
        "https://localhost/hook",
        "https://no-such-host.invalid/hook",
    ] {
        let reply = send(
            app.post("/v1/webhooks")
                .bearer_auth(&s.access)
                .json(&json!({"url": name, "events": ["task.created"]})),
        )
        .await;
        assert_eq!(
            reply.body["errors"][0]["message"], "must name a host with a public address",
            "{name}: one answer whether the name points inside or nowhere"
        );
    }
    let bad_events = send(
        app.post("/v1/webhooks")
            .bearer_auth(&s.access)
            .json(&json!({"url": "https://93.184.216.34/hook", "events": []})),
    )
    .await;
    assert_eq!(bad_events.invalid_fields(), vec!["events".to_string()]);
    let list = send(app.get("/v1/webhooks").bearer_auth(&s.access)).await;
    assert_eq!(list.body["items"], json!([]));

    // Checked again when sending: an endpoint registered where inside addresses were allowed
    // gets nothing from a server where they are not.
    let permissive = TestApp::spawn_at_with(START, |c| c.webhooks = LOCAL).await;
    let p = permissive.register("inside@example.com").await;
    let receiver = Receiver::start(200).await;
    // By name: the check is the resolver's, at the moment of connecting.
    let by_name = receiver.url.replace("127.0.0.1", "localhost");
    let (id, _) = endpoint(&permissive, &p, &by_name, &["task.created"]).await;
    permissive
        .create(&p, "/v1/tasks", json!({"title": "Call Acme"}))
        .await;
    let strict = WebhookSettings {
        allow_private: false,
        allow_http: true,
    };
    let report = webhooks::pass(&permissive.state.service, &Sender::new(strict).unwrap())
        .await
        .unwrap();
    assert_eq!(report.failed, 1);
    assert_eq!(receiver.count(), 0, "nothing reached the inside address");
    let log = send(
        permissive
            .get(&format!("/v1/webhooks/{id}/deliveries"))
            .bearer_auth(&p.access),
    )
    .await;
    let error = log.body["items"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("must name a host with a public address"),
        "{error}"
    );
    // Where inside addresses are allowed, the same name resolves and the retry arrives.
    permissive.clock().advance(Duration::seconds(6));
    let retried = webhooks::pass(&permissive.state.service, &Sender::new(LOCAL).unwrap())
        .await
        .unwrap();
    assert_eq!(retried.delivered, 1, "{retried:?}");
    assert_eq!(receiver.count(), 1);
}

#[actix_web::test]
async fn another_users_endpoints_are_not_found_and_tokens_cannot_touch_them() {
    let app = TestApp::spawn_with(|c| c.webhooks = LOCAL).await;
    let alice = app.register("alice@example.com").await;
    let mallory = app.register("mallory@example.com").await;
    let (id, _) = endpoint(&app, &alice, "http://127.0.0.1:9/hook", &["task.created"]).await;
    let path = format!("/v1/webhooks/{id}");
    let token = crate::api_tokens::api_token(
        &app,
        &alice,
        &["tasks:read", "tasks:write", "interviews:write"],
    )
    .await;
    let routes = [
        (reqwest::Method::GET, path.clone(), None),
        (
            reqwest::Method::PATCH,
            path.clone(),
            Some(json!({"enabled": false})),
        ),
        (reqwest::Method::POST, format!("{path}/rotate-secret"), None),
        (reqwest::Method::GET, format!("{path}/deliveries"), None),
        (reqwest::Method::DELETE, path.clone(), None),
    ];
    for (method, route, body) in &routes {
        for (bearer, status) in [(&mallory.access, 404), (&token, 403)] {
            let mut request = app.req(method.clone(), route).bearer_auth(bearer);
            if let Some(body) = body {
                request = request.json(body);
            }
            send(request).await.problem(status);
        }
    }
    for bearer in [&token] {
        send(app.get("/v1/webhooks").bearer_auth(bearer))
            .await
            .problem(403);
        send(
            app.post("/v1/webhooks")
                .bearer_auth(bearer)
                .json(&json!({"url": "https://example.com/", "events": ["task.due"]})),
        )
        .await
        .problem(403);
    }
    let none = send(app.get("/v1/webhooks").bearer_auth(&mallory.access)).await;
    assert_eq!(none.body["items"], json!([]));
    let hook = send(app.get(&path).bearer_auth(&alice.access)).await;
    assert_eq!(hook.body["enabled"], true, "untouched: {}", hook.text);
    let gone = send(app.delete(&path).bearer_auth(&alice.access)).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    send(app.get(&path).bearer_auth(&alice.access))
        .await
        .problem(404);
}

#[actix_web::test]
async fn an_account_has_at_most_ten_endpoints() {
    let app = TestApp::spawn_with(|c| c.webhooks = LOCAL).await;
    let s = app.register("many@example.com").await;
    for i in 0..10 {
        endpoint(
            &app,
            &s,
            &format!("http://127.0.0.1:9/hook/{i}"),
            &["task.due"],
        )
        .await;
    }
    let refused = send(
        app.post("/v1/webhooks")
            .bearer_auth(&s.access)
            .json(&json!({"url": "http://127.0.0.1:9/hook/10", "events": ["task.due"]})),
    )
    .await;
    assert_eq!(refused.problem(409)["type"], "/problems/quota-exceeded");
    let list = send(app.get("/v1/webhooks").bearer_auth(&s.access)).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 10);
}

#[actix_web::test]
async fn switched_on_again_an_endpoint_hears_of_what_falls_due_from_then() {
    let app = TestApp::spawn_at_with(START, |c| c.webhooks = LOCAL).await;
    let mut s = app.register("due@example.com").await;
    let receiver = Receiver::start(200).await;
    let (id, secret) = endpoint(&app, &s, &receiver.url, &["task.due"]).await;
    let path = format!("/v1/webhooks/{id}");
    assert_eq!(switch(&app, &s, &path, false).await, StatusCode::OK);
    app.create(
        &s,
        "/v1/tasks",
        json!({"title": "While off", "due_at": "2030-03-02T09:00:00Z"}),
    )
    .await;
    app.travel(&mut s, at("2030-03-02T09:30:00Z")).await;
    assert_eq!(pass(&app).await.announced, 0, "off: nothing");
    assert_eq!(switch(&app, &s, &path, true).await, StatusCode::OK);
    assert_eq!(
        pass(&app).await.announced,
        0,
        "no burst of what fell due while off"
    );
    let after = app
        .create(
            &s,
            "/v1/tasks",
            json!({"title": "After", "due_at": "2030-03-02T10:00:00Z"}),
        )
        .await;
    app.travel(&mut s, at("2030-03-02T10:01:00Z")).await;
    let report = pass(&app).await;
    assert_eq!((report.announced, report.delivered), (1, 1), "{report:?}");
    let events = receiver.verified(&secret);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["data"]["id"], after["id"]);
}

async fn switch(app: &TestApp, s: &Session, path: &str, on: bool) -> StatusCode {
    let reply = send(
        app.patch(path)
            .bearer_auth(&s.access)
            .json(&json!({"enabled": on})),
    )
    .await;
    assert_eq!(reply.body["enabled"], on, "{}", reply.text);
    reply.status
}

/// A resource deleted before its event was sent arrives as its tombstone, as a synced list
/// shows it, and every body is the document's `webhooks` schema for its type.
#[actix_web::test]
async fn an_event_about_a_deleted_resource_carries_its_tombstone() {
    let app = TestApp::spawn_at_with(START, |c| c.webhooks = LOCAL).await;
    let s = app.register("tombstones@example.com").await;
    let receiver = Receiver::start(200).await;
    let (_, secret) = endpoint(&app, &s, &receiver.url, &["interview.updated"]).await;
    let interview = app.interview(&s, "Initech").await;
    let iid = interview["id"].as_str().unwrap();
    let deleted = send(
        app.delete(&format!("/v1/interviews/{iid}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    let report = pass(&app).await;
    assert_eq!(report.delivered, 1, "{report:?}");
    let events = receiver.verified(&secret);
    let data = &events[0]["data"];
    assert_eq!(data["object"], "tombstone", "{data}");
    assert_eq!(data["id"], iid);
    assert_eq!(data["deleted"], true);
    assert_eq!(data["updated_at"], events[0]["timestamp"]);
}
