//! The account's lifecycle: sign out everywhere, change the password, export, close the account.

use diesel::prelude::*;
use followup::db::schema::users;
use followup::service::webhooks::{self, Sender};
use followup::store::registry::{Export, USER_TABLES};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::api_tokens::api_token;
use crate::helpers::{PASSWORD, Session, TestApp, send};
use crate::webhooks::{LOCAL, Receiver, endpoint};

async fn refresh_status(app: &TestApp, token: &str) -> u16 {
    send(
        app.post("/v1/auth/refresh")
            .json(&json!({"refresh_token": token})),
    )
    .await
    .status
    .as_u16()
}

#[actix_web::test]
async fn logout_all_revokes_every_session_of_that_account_only() {
    let app = TestApp::spawn().await;
    let phone = app.register("everywhere@example.com").await;
    let laptop = Session::from_reply(&app.login("everywhere@example.com", PASSWORD).await);
    let other = app.register("bystander@example.com").await;
    let reply = send(app.post("/v1/auth/logout-all").bearer_auth(&laptop.access)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    assert_eq!(refresh_status(&app, &phone.refresh).await, 401);
    assert_eq!(refresh_status(&app, &laptop.refresh).await, 401);
    assert_eq!(refresh_status(&app, &other.refresh).await, 200);
    send(app.post("/v1/auth/logout-all")).await.problem(401);
}

#[actix_web::test]
async fn one_call_ends_every_credential_a_thief_could_hold() {
    let app = TestApp::spawn_at("2030-01-01T09:00:00Z").await;
    let phone = app.register("robbed@example.com").await;
    let laptop = Session::from_reply(&app.login("robbed@example.com", PASSWORD).await);
    let token = api_token(&app, &phone, &["tasks:read"]).await;
    let feed = send(app.post("/v1/me/calendar-token").bearer_auth(&phone.access)).await;
    let feed = format!(
        "/v1/calendar.ics?token={}",
        feed.body["token"].as_str().unwrap()
    );
    let bystander = app.register("bystander@example.com").await;
    let their_token = api_token(&app, &bystander, &["tasks:read"]).await;

    // Without the option, sessions only: the API token and the feed go on.
    let sessions = send(app.post("/v1/auth/logout-all").bearer_auth(&laptop.access)).await;
    assert_eq!(sessions.status, StatusCode::NO_CONTENT, "{}", sessions.text);
    assert_eq!(
        send(app.get("/v1/tasks").bearer_auth(&token)).await.status,
        200
    );
    assert_eq!(send(app.get(&feed)).await.status, 200);

    let wrong = send(
        app.post("/v1/auth/logout-all")
            .bearer_auth(&phone.access)
            .json(&json!({"credentials": "all"})),
    )
    .await;
    assert_eq!(wrong.invalid_fields(), ["credentials"]);
    let everything = send(
        app.post("/v1/auth/logout-all")
            .bearer_auth(&phone.access)
            .json(&json!({"credentials": "everything"})),
    )
    .await;
    assert_eq!(
        everything.status,
        StatusCode::NO_CONTENT,
        "{}",
        everything.text
    );
    for access in [&phone.access, &laptop.access, &token] {
        send(app.get("/v1/tasks").bearer_auth(access))
            .await
            .problem(401);
    }
    send(app.get(&feed)).await.problem(401);
    assert_eq!(refresh_status(&app, &phone.refresh).await, 401);
    // Nobody else's credentials, and the owner signs in again.
    assert_eq!(
        send(app.get("/v1/tasks").bearer_auth(&their_token))
            .await
            .status,
        200
    );
    assert_eq!(
        send(app.get("/v1/tasks").bearer_auth(&bystander.access))
            .await
            .status,
        200
    );
    app.clock().advance(chrono::Duration::seconds(1));
    let again = Session::from_reply(&app.login("robbed@example.com", PASSWORD).await);
    assert_eq!(
        send(app.get("/v1/tasks").bearer_auth(&again.access))
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn changing_the_password_needs_the_current_one_and_signs_out_the_other_sessions() {
    let app = TestApp::spawn().await;
    let s = app.register("rotate@example.com").await;
    let other = Session::from_reply(&app.login("rotate@example.com", PASSWORD).await);
    let new_password = "a longer horse battery staple";

    let wrong = send(
        app.post("/v1/me/password")
            .bearer_auth(&s.access)
            .json(&json!({"current_password": "not it at all", "new_password": new_password})),
    )
    .await;
    assert_eq!(wrong.invalid_fields(), ["current_password"]);
    let short = send(
        app.post("/v1/me/password")
            .bearer_auth(&s.access)
            .json(&json!({"current_password": PASSWORD, "new_password": "short"})),
    )
    .await;
    assert_eq!(short.invalid_fields(), ["new_password"]);
    // Nothing changed so far.
    assert_eq!(refresh_status(&app, &other.refresh).await, 200);

    let changed = send(
        app.post("/v1/me/password")
            .bearer_auth(&s.access)
            .json(&json!({"current_password": PASSWORD, "new_password": new_password})),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.header("cache-control"), Some("no-store"));
    let fresh = Session::from_reply(&changed);
    assert_eq!(refresh_status(&app, &s.refresh).await, 401);
    assert_eq!(refresh_status(&app, &fresh.refresh).await, 200);
    app.login("rotate@example.com", PASSWORD).await.problem(401);
    assert_eq!(
        app.login("rotate@example.com", new_password).await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn the_export_holds_everything_of_the_account_and_nothing_of_anyone_else() {
    let app = TestApp::spawn().await;
    let s = app.register("exporter@example.com").await;
    let other = app.register("someone@example.com").await;
    app.interview(&other, "Not Mine Ltd").await;
    let interview = app.interview(&s, "Acme").await;
    let person = app.person(&s, "Morgan Lee").await;
    let (iid, pid) = (
        interview["id"].as_str().unwrap(),
        person["id"].as_str().unwrap(),
    );
    let attach = send(
        app.put(&format!("/v1/interviews/{iid}/interviewers/{pid}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert!(attach.status.is_success(), "{}", attach.text);
    app.new_reference(&s)
        .name("Dana Smith")
        .set("relationship", "Former manager")
        .create()
        .await;

    let reply = send(app.get("/v1/me/export").bearer_auth(&s.access)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert!(
        reply
            .header("content-disposition")
            .is_some_and(|v| v.starts_with("attachment"))
    );
    let doc = &reply.body;
    assert_eq!(doc["user"]["email"], "exporter@example.com");
    assert_eq!(doc["interviews"].as_array().unwrap().len(), 1);
    assert_eq!(doc["interviews"][0]["company"], "Acme");
    assert_eq!(doc["people"][0]["name"], "Morgan Lee");
    let attendances = doc["attendances"].as_array().unwrap();
    assert_eq!(attendances.len(), 1);
    assert_eq!(attendances[0]["interview_id"], iid);
    assert_eq!(attendances[0]["person_id"], pid);
    assert_eq!(attendances[0]["discussed"], Value::Null);
    assert_eq!(doc["references"][0]["name"], "Dana Smith");
    assert!(!doc["tasks"].as_array().unwrap().is_empty());
    assert!(doc["rules"].as_array().unwrap().len() > 5);
    assert!(!reply.text.contains("Not Mine"));
    assert!(!reply.text.contains("password"));
}

/// Rows of `user` in every table that holds a user's data (as `store::registry` lists them,
/// which `every_table_of_a_users_rows_is_in_the_registry` holds to the schema), and the account.
pub async fn rows_of(app: &TestApp, user: &str) -> Vec<(&'static str, i64)> {
    let user = user.to_string();
    followup::db::run::<_, followup::error::ApiError, _>(app.state.service.pool(), move |conn| {
        let mut rows = vec![("users", users::table.find(&user).count().get_result(conn)?)];
        for table in USER_TABLES {
            rows.push((table.name, (table.count)(conn, &user)?));
        }
        Ok(rows)
    })
    .await
    .unwrap()
}

/// A row of every kind the account can hold: the app must allow webhooks to `receiver`.
async fn fill(app: &TestApp, s: &Session, receiver: &Receiver) {
    let interview = app.interview(s, "Acme").await;
    let person = app.person(s, "Morgan Lee").await;
    send(
        app.put(&format!(
            "/v1/interviews/{}/interviewers/{}",
            interview["id"].as_str().unwrap(),
            person["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;
    let reference = app.new_reference(s).name("Dana Smith").create().await;
    let linked = send(
        app.put(&format!(
            "/v1/applications/{}/references/{}",
            interview["application_id"].as_str().unwrap(),
            reference["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(linked.status, StatusCode::CREATED, "{}", linked.text);
    let reply = send(
        app.patch("/v1/rules/weekly_check_in")
            .bearer_auth(&s.access)
            .json(&json!({"enabled": false})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    app.create(
        s,
        "/v1/rules",
        json!({"name": "Card", "trigger": "interview_scheduled", "target": "interview",
               "title": "Bring a card to {company}", "offset": "-PT1H"}),
    )
    .await;
    let word = send(app.put("/v1/me/words/dbt").bearer_auth(&s.access)).await;
    assert_eq!(word.status, StatusCode::CREATED, "{}", word.text);
    api_token(app, s, &["tasks:read"]).await;
    let feed = send(app.post("/v1/me/calendar-token").bearer_auth(&s.access)).await;
    assert_eq!(feed.status, StatusCode::OK, "{}", feed.text);
    endpoint(app, s, &receiver.url, &["task.created"]).await;
    // The endpoint hears of this task: an event, a delivery and its attempt.
    let reply = send(
        app.post("/v1/tasks")
            .bearer_auth(&s.access)
            .header("idempotency-key", "fill-1")
            .json(&json!({"title": "Buy stamps"})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let task = reply.body["id"].as_str().unwrap().to_string();
    webhooks::pass(&app.state.service, &Sender::new(LOCAL).unwrap())
        .await
        .unwrap();
    // What POST /v1/tasks/{id}/check records, without loading the checker here.
    let (user, now) = (s.user_id.clone(), app.clock().now());
    followup::db::run_write::<_, followup::error::ApiError, _>(
        app.state.service.pool(),
        move |conn| {
            Ok(followup::store::notes::record_check(
                conn, &user, &task, now, 0,
            )?)
        },
    )
    .await
    .unwrap();
}

#[actix_web::test]
async fn the_export_holds_a_row_for_each_row_of_every_table_it_exports() {
    let app = TestApp::spawn_with(|c| c.webhooks = LOCAL).await;
    let receiver = Receiver::start(200).await;
    let s = app.register("complete@example.com").await;
    fill(&app, &s, &receiver).await;
    let rows = rows_of(&app, &s.user_id).await;
    assert!(
        rows.iter().all(|(_, n)| *n > 0),
        "fill makes every kind: {rows:?}"
    );
    let reply = send(app.get("/v1/me/export").bearer_auth(&s.access)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let doc = reply.body.as_object().unwrap();
    let mut keys = vec!["exported_at", "user"];
    for table in USER_TABLES {
        let stored = rows.iter().find(|(name, _)| *name == table.name).unwrap().1;
        match table.export {
            Export::Rows(key) => {
                let items = doc[key].as_array().unwrap_or_else(|| panic!("no {key}"));
                assert_eq!(items.len() as i64, stored, "{}: {key}", table.name);
                keys.push(key);
            }
            Export::Within(key) => {
                assert!(doc[key].is_array(), "{}: {key}", table.name);
                keys.push(key);
            }
            Export::Left(why) => assert!(!why.is_empty()),
        }
    }
    keys.sort();
    keys.dedup();
    let mut present: Vec<&str> = doc.keys().map(String::as_str).collect();
    present.sort();
    assert_eq!(present, keys, "each key of the export stands for a table");
    for secret in ["fu_", "fucal_", "whsec_", "token_hash", "password"] {
        assert!(!reply.text.contains(secret), "the export holds {secret}");
    }
}

#[actix_web::test]
async fn every_table_of_a_users_rows_is_in_the_registry() {
    let app = TestApp::spawn().await;
    let mut conn = app.state.service.pool().get().unwrap();
    let mut owned: Vec<String> = crate::storage::shape(&mut conn)
        .into_iter()
        .filter(|(table, column, ..)| {
            table != "users" && (column == "user_id" || column == "webhook_id")
        })
        .map(|(table, ..)| table)
        .collect();
    owned.sort();
    owned.dedup();
    let mut listed: Vec<String> = USER_TABLES.iter().map(|t| t.name.to_string()).collect();
    listed.sort();
    assert_eq!(listed, owned);
}

#[actix_web::test]
async fn closing_the_account_removes_every_row_of_it_and_nothing_else() {
    let app = TestApp::spawn_with(|c| c.webhooks = LOCAL).await;
    let receiver = Receiver::start(200).await;
    let s = app.register("leaving@example.com").await;
    let other = app.register("staying@example.com").await;
    fill(&app, &s, &receiver).await;
    fill(&app, &other, &receiver).await;
    let before = rows_of(&app, &s.user_id).await;
    assert!(before.iter().all(|(_, n)| *n > 0), "{before:?}");
    let others_before = rows_of(&app, &other.user_id).await;

    // Another user's token cannot close this account, and a wrong password changes nothing.
    let wrong = send(
        app.delete("/v1/me")
            .bearer_auth(&s.access)
            .json(&json!({"password": "not the password"})),
    )
    .await;
    assert_eq!(wrong.invalid_fields(), ["password"]);
    let theirs = send(
        app.delete("/v1/me")
            .bearer_auth(&other.access)
            .json(&json!({"password": "wrong for them"})),
    )
    .await;
    assert_eq!(theirs.invalid_fields(), ["password"]);
    assert_eq!(rows_of(&app, &s.user_id).await, before);

    let closed = send(
        app.delete("/v1/me")
            .bearer_auth(&s.access)
            .json(&json!({"password": PASSWORD})),
    )
    .await;
    assert_eq!(closed.status, StatusCode::NO_CONTENT, "{}", closed.text);
    let after = rows_of(&app, &s.user_id).await;
    assert!(after.iter().all(|(_, n)| *n == 0), "{after:?}");
    assert_eq!(rows_of(&app, &other.user_id).await, others_before);

    // Its last access token writes nothing and reads nothing; its sessions and login are gone.
    send(app.get("/v1/me").bearer_auth(&s.access))
        .await
        .problem(401);
    send(app.post("/v1/interviews").bearer_auth(&s.access).json(
        &json!({"company": "Ghost", "position": "x", "scheduled_at": "2026-03-03T14:00:00Z"}),
    ))
    .await
    .problem(401);
    // With an Idempotency-Key too, which is stored under the user before the handler runs.
    send(
        app.post("/v1/tasks")
            .bearer_auth(&s.access)
            .header("idempotency-key", "after-closing")
            .json(&json!({"title": "Ghost task"})),
    )
    .await
    .problem(401);
    send(app.get("/v1/me/export").bearer_auth(&s.access))
        .await
        .problem(401);
    assert_eq!(refresh_status(&app, &s.refresh).await, 401);
    app.login("leaving@example.com", PASSWORD)
        .await
        .problem(401);
    assert!(rows_of(&app, &s.user_id).await.iter().all(|(_, n)| *n == 0));
}
