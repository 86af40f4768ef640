//! Typed builders for what tests create: what a test does not care about has a default, and
//! what it does is named, e.g. `app.new_interview(&s).at(when).create().await`.

use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{Map, Value, json};

use crate::helpers::{Reply, Session, TestApp, send};
use crate::instants::iso;

/// A resource the API creates with a POST, and what a test gets unless it says otherwise.
pub(crate) trait Creatable {
    const PATH: &'static str;
    fn defaults(app: &TestApp) -> Value;
}

pub(crate) struct Interview;
pub(crate) struct Person;
pub(crate) struct Reference;
pub(crate) struct Application;

impl Creatable for Interview {
    const PATH: &'static str = "/v1/interviews";
    fn defaults(app: &TestApp) -> Value {
        json!({"company": "Acme", "position": "Engineer", "scheduled_at": iso(app.clock().now())})
    }
}

impl Creatable for Person {
    const PATH: &'static str = "/v1/interviewers";
    fn defaults(_: &TestApp) -> Value {
        json!({"name": "Alex Kim"})
    }
}

impl Creatable for Reference {
    const PATH: &'static str = "/v1/references";
    fn defaults(_: &TestApp) -> Value {
        json!({"name": "John Smith"})
    }
}

impl Creatable for Application {
    const PATH: &'static str = "/v1/applications";
    fn defaults(_: &TestApp) -> Value {
        json!({"company": "Acme", "position": "Engineer"})
    }
}

/// A request to create an `R`, being filled in.
pub(crate) struct Draft<'a, R> {
    app: &'a TestApp,
    session: &'a Session,
    body: Map<String, Value>,
    resource: PhantomData<R>,
}

impl<'a, R: Creatable> Draft<'a, R> {
    fn new(app: &'a TestApp, session: &'a Session) -> Self {
        let Value::Object(body) = R::defaults(app) else {
            unreachable!("defaults are an object")
        };
        Self {
            app,
            session,
            body,
            resource: PhantomData,
        }
    }

    /// Sets any field the request takes, `null` included.
    pub(crate) fn set(mut self, field: &str, value: impl Into<Value>) -> Self {
        self.body.insert(field.to_string(), value.into());
        self
    }

    /// Leaves a field out, default or not.
    pub(crate) fn without(mut self, field: &str) -> Self {
        self.body.remove(field);
        self
    }

    /// Sends the request, whatever the answer.
    pub(crate) async fn send(self) -> Reply {
        send(
            self.app
                .post(R::PATH)
                .bearer_auth(&self.session.access)
                .json(&self.body),
        )
        .await
    }

    /// Creates it, expecting 201, and returns it as the API shows it.
    pub(crate) async fn create(self) -> Value {
        let reply = self.send().await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "POST {}: {}",
            R::PATH,
            reply.text
        );
        reply.body
    }

    /// Creates it and returns its id.
    pub(crate) async fn id(self) -> String {
        let created = self.create().await;
        created["id"].as_str().expect("an id").to_string()
    }
}

impl Draft<'_, Interview> {
    pub(crate) fn company(self, company: &str) -> Self {
        self.set("company", company)
    }

    pub(crate) fn position(self, position: &str) -> Self {
        self.set("position", position)
    }

    /// When it starts (`scheduled_at`).
    pub(crate) fn at(self, when: DateTime<Utc>) -> Self {
        self.set("scheduled_at", iso(when))
    }

    /// A round of `application` (its company and position come from there).
    pub(crate) fn of(self, application: &str) -> Self {
        self.without("company")
            .without("position")
            .set("application_id", application)
    }
}

impl Draft<'_, Person> {
    pub(crate) fn name(self, name: &str) -> Self {
        self.set("name", name)
    }

    pub(crate) fn role(self, role: &str) -> Self {
        self.set("role", role)
    }
}

impl Draft<'_, Reference> {
    pub(crate) fn name(self, name: &str) -> Self {
        self.set("name", name)
    }
}

impl Draft<'_, Application> {
    pub(crate) fn company(self, company: &str) -> Self {
        self.set("company", company)
    }

    pub(crate) fn position(self, position: &str) -> Self {
        self.set("position", position)
    }
}

impl TestApp {
    pub(crate) fn new_interview<'a>(&'a self, session: &'a Session) -> Draft<'a, Interview> {
        Draft::new(self, session)
    }

    pub(crate) fn new_person<'a>(&'a self, session: &'a Session) -> Draft<'a, Person> {
        Draft::new(self, session)
    }

    pub(crate) fn new_reference<'a>(&'a self, session: &'a Session) -> Draft<'a, Reference> {
        Draft::new(self, session)
    }

    pub(crate) fn new_application<'a>(&'a self, session: &'a Session) -> Draft<'a, Application> {
        Draft::new(self, session)
    }
}
