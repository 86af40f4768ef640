//! The account's lifecycle: sign out everywhere, change the password, export, close the account.

use diesel::prelude::*;
use followup::db::schema::{
    attendances, idempotency_keys, interviews, job_references, open_task_counts, people,
    refresh_tokens, rule_settings, tasks, users,
};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, Session, TestApp, send};

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
    app.create(
        &s,
        "/v1/references",
        json!({"name": "Dana Smith", "relationship": "Former manager"}),
    )
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
    assert_eq!(
        doc["attendances"],
        json!([{"interview_id": iid, "person_id": pid}])
    );
    assert_eq!(doc["references"][0]["name"], "Dana Smith");
    assert!(!doc["tasks"].as_array().unwrap().is_empty());
    assert!(doc["rules"].as_array().unwrap().len() > 5);
    assert!(!reply.text.contains("Not Mine"));
    assert!(!reply.text.contains("password"));
}

/// Rows of `user` in every table that holds a user's data.
async fn rows_of(app: &TestApp, user: &str) -> Vec<(&'static str, i64)> {
    let user = user.to_string();
    followup::db::run::<_, followup::error::ApiError, _>(app.state.service.pool(), move |conn| {
        let u = user.as_str();
        Ok(vec![
            ("users", users::table.find(u).count().get_result(conn)?),
            (
                "refresh_tokens",
                refresh_tokens::table
                    .filter(refresh_tokens::user_id.eq(u))
                    .count()
                    .get_result(conn)?,
            ),
            (
                "interviews",
                interviews::table
                    .filter(interviews::user_id.eq(u))
                    .count()
                    .get_result(conn)?,
            ),
            (
                "people",
                people::table
                    .filter(people::user_id.eq(u))
                    .count()
                    .get_result(conn)?,
            ),
            (
                "attendances",
                attendances::table
                    .filter(attendances::user_id.eq(u))
                    .count()
                    .get_result(conn)?,
            ),
            (
                "job_references",
                job_references::table
                    .filter(job_references::user_id.eq(u))
                    .count()
                    .get_result(conn)?,
            ),
            (
                "tasks",
                tasks::table
                    .filter(tasks::user_id.eq(u))
                    .count()
                    .get_result(conn)?,
            ),
            (
                "open_task_counts",
                open_task_counts::table.find(u).count().get_result(conn)?,
            ),
            (
                "idempotency_keys",
                idempotency_keys::table
                    .filter(idempotency_keys::user_id.eq(u))
                    .count()
                    .get_result(conn)?,
            ),
            (
                "rule_settings",
                rule_settings::table
                    .filter(rule_settings::user_id.eq(u))
                    .count()
                    .get_result(conn)?,
            ),
        ])
    })
    .await
    .unwrap()
}

async fn fill(app: &TestApp, s: &Session) {
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
    app.create(s, "/v1/references", json!({"name": "Dana Smith"}))
        .await;
    let reply = send(
        app.post("/v1/tasks")
            .bearer_auth(&s.access)
            .header("idempotency-key", "fill-1")
            .json(&json!({"title": "Buy stamps"})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let reply = send(
        app.patch("/v1/rules/weekly_check_in")
            .bearer_auth(&s.access)
            .json(&json!({"enabled": false})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

#[actix_web::test]
async fn closing_the_account_removes_every_row_of_it_and_nothing_else() {
    let app = TestApp::spawn().await;
    let s = app.register("leaving@example.com").await;
    let other = app.register("staying@example.com").await;
    fill(&app, &s).await;
    fill(&app, &other).await;
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
