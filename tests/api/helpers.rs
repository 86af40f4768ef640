//! The test harness: a real server on a random port over a fresh database (a SQLite file, or a
//! PostgreSQL schema when FOLLOWUP_TEST_DATABASE_URL is set), and a client for several users.

use std::net::TcpListener;

use actix_web::dev::ServerHandle;
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use followup::Config;
use followup::clock::Clock;
use followup::state::AppState;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

pub const TEST_SECRET: &str = "test-secret-that-is-long-enough-for-hs256!";
pub const PASSWORD: &str = "correct horse battery";

/// A database of its own for one test, removed when the test ends.
pub enum TestDb {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, schema: String },
}

impl TestDb {
    pub fn create() -> (Self, String) {
        match std::env::var("FOLLOWUP_TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
                let mut conn =
                    PgConnection::establish(&admin_url).expect("connect to test PostgreSQL");
                conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
                    .expect("create schema");
                let sep = if admin_url.contains('?') { '&' } else { '?' };
                let url = format!("{admin_url}{sep}options=-csearch_path%3D{schema}");
                (Self::Postgres { admin_url, schema }, url)
            }
            _ => {
                let dir = tempfile::tempdir().expect("tempdir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                (Self::Sqlite(dir), url)
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres { .. })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, schema } = self
            && let Ok(mut conn) = PgConnection::establish(admin_url)
        {
            let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

/// Where a test server's clock stands unless the test says otherwise: it moves only when the
/// test moves it, so no test depends on when, or how fast, it runs.
pub const TEST_START: &str = "2026-06-01T09:00:00Z";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    handle: ServerHandle,
    /// The database, removed with the app that made it (`None` for one spawned beside it).
    db: Option<TestDb>,
    url: String,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> Self {
        Self::spawn_clocked(Clock::manual(crate::instants::at(TEST_START)), tweak).await
    }

    /// A server whose time stands at `at` until the test moves it with `self.clock()`.
    pub async fn spawn_at(at: &str) -> Self {
        Self::spawn_at_with(at, |_| {}).await
    }

    /// `spawn_at` with settings changed.
    pub async fn spawn_at_with(at: &str, tweak: impl FnOnce(&mut Config)) -> Self {
        Self::spawn_clocked(Clock::manual(crate::instants::at(at)), tweak).await
    }

    async fn spawn_clocked(clock: Clock, tweak: impl FnOnce(&mut Config)) -> Self {
        let (db, url) = TestDb::create();
        let mut app = Self::serve(url, clock, tweak).await;
        app.db = Some(db);
        app
    }

    /// Whether the suite runs on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.db.as_ref().is_some_and(TestDb::is_postgres)
    }

    /// Another server on this app's database, as a second instance behind a load balancer
    /// would be (PostgreSQL only: a SQLite file has one server).
    pub async fn spawn_beside(&self, tweak: impl FnOnce(&mut Config)) -> Self {
        Self::serve(self.url.clone(), self.clock().clone(), tweak).await
    }

    async fn serve(url: String, clock: Clock, tweak: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config::local(url.clone());
        config.jwt_secret = Some(TEST_SECRET.into());
        // Tests write far faster than a person; tests/api/abuse.rs sets the limit it tests.
        config.writes.burst = 1_000_000;
        tweak(&mut config);
        let state = AppState::start(config, clock).expect("state starts");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server_state = state.clone();
        let server = actix_web::HttpServer::new(move || followup::app(server_state.clone()))
            .workers(1)
            .disable_signals()
            .listen(listener)
            .expect("listen")
            .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Self {
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::new(),
            state,
            handle,
            db: None,
            url,
        }
    }

    /// Asks for the proofreader's checker and waits until it is loaded, as a client that
    /// retries a check answered 503 would.
    pub async fn proofreader_loaded(&self) {
        let _ = self.state.proofreader.ready();
        self.checker_loaded().await;
    }

    /// Waits until the proofreader's checker is loaded, without asking for it.
    pub async fn checker_loaded(&self) {
        let loaded = self.state.proofreader.loaded();
        actix_web::rt::time::timeout(std::time::Duration::from_secs(120), loaded)
            .await
            .expect("the checker never loaded");
    }

    /// The server's clock: `advance` and `set` move a clock made by `spawn_at`.
    pub fn clock(&self) -> &Clock {
        self.state.service.clock()
    }

    /// Moves a manual clock to `at` and renews `session`'s tokens, as a client would after the
    /// access token expired meanwhile.
    pub async fn travel(&self, session: &mut Session, at: chrono::DateTime<chrono::Utc>) {
        self.clock().set(at);
        let reply = send(
            self.post("/v1/auth/refresh")
                .json(&json!({"refresh_token": session.refresh})),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "refresh: {}", reply.text);
        *session = Session::from_reply(&reply);
    }

    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base))
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.req(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.req(Method::POST, path)
    }

    pub fn patch(&self, path: &str) -> RequestBuilder {
        self.req(Method::PATCH, path)
    }

    pub fn put(&self, path: &str) -> RequestBuilder {
        self.req(Method::PUT, path)
    }

    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.req(Method::DELETE, path)
    }

    /// POSTs `body` as `session` and expects 201; returns the created resource.
    pub async fn create(&self, session: &Session, path: &str, body: Value) -> Value {
        let reply = send(self.post(path).bearer_auth(&session.access).json(&body)).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "POST {path}: {}",
            reply.text
        );
        reply.body
    }

    /// An interview at `company` on 3 March 2026 at 14:00 UTC.
    pub async fn interview(&self, session: &Session, company: &str) -> Value {
        let when = crate::instants::at("2026-03-03T14:00:00Z");
        self.new_interview(session)
            .company(company)
            .at(when)
            .create()
            .await
    }

    /// A hiring manager called `name`.
    pub async fn person(&self, session: &Session, name: &str) -> Value {
        self.new_person(session)
            .name(name)
            .set("title", "Manager")
            .create()
            .await
    }

    pub async fn register(&self, email: &str) -> Session {
        let reply = send(self.post("/v1/auth/register").json(&json!({
            "email": email, "password": PASSWORD, "name": "Test User"
        })))
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        Session::from_reply(&reply)
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        send(
            self.post("/v1/auth/login")
                .json(&json!({"email": email, "password": password})),
        )
        .await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stops accepting at once; the worker thread ends with the test's runtime.
        drop(self.handle.stop(false));
    }
}

/// The tokens and id a registration or login answered with.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub refresh: String,
    pub user_id: String,
}

impl Session {
    pub fn from_reply(reply: &Reply) -> Self {
        Self {
            access: reply.body["access_token"]
                .as_str()
                .expect("access_token")
                .into(),
            refresh: reply.body["refresh_token"]
                .as_str()
                .expect("refresh_token")
                .into(),
            user_id: reply.body["user"]["id"].as_str().expect("user.id").into(),
        }
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts an RFC 9457 problem with this status, and returns it for further checks.
    pub fn problem(&self, status: u16) -> &Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text
        );
        for key in ["type", "title", "detail"] {
            assert!(
                self.body[key].is_string(),
                "problem without {key}: {}",
                self.text
            );
        }
        assert_eq!(self.body["status"], status);
        &self.body
    }

    /// The fields a 422 names, sorted.
    pub fn invalid_fields(&self) -> Vec<String> {
        let mut fields: Vec<String> = self.problem(422)["errors"]
            .as_array()
            .expect("errors list")
            .iter()
            .map(|e| e["field"].as_str().expect("field").to_string())
            .collect();
        fields.sort();
        fields
    }
}

/// Sends the request, and holds the response to the OpenAPI document (see `conformance`).
pub async fn send(request: RequestBuilder) -> Reply {
    let (client, request) = request.build_split();
    let request = request.expect("request builds");
    let method = request.method().clone();
    let path = request.url().path().to_string();
    let response = client.execute(request).await.expect("request sent");
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body read");
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    crate::conformance::check(&method, &path, status, content_type, &text);
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        text,
        body,
    }
}

/// The tasks `query` finds, up to 200, asserting the list answered.
pub(crate) async fn tasks(app: &TestApp, s: &Session, query: &str) -> Vec<Value> {
    let reply = send(
        app.get(&format!("/v1/tasks?limit=200&{query}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body["items"].as_array().unwrap().clone()
}

/// The task in `list` for `person`.
pub(crate) fn by_person<'a>(list: &'a [Value], person: &str) -> &'a Value {
    list.iter()
        .find(|t| t["interviewer_id"] == person)
        .unwrap_or_else(|| panic!("no task for {person} in {list:#?}"))
}
