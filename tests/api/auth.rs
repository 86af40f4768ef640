//! Registration, login, profile, refresh rotation, logout and throttling.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, Session, TestApp, send};

#[actix_web::test]
async fn register_login_and_profile() {
    let app = TestApp::spawn().await;
    let reply = send(app.post("/v1/auth/register").json(&json!({
        "email": "Ada@Example.com", "password": PASSWORD, "name": "Ada", "time_zone": "Europe/London"
    })))
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.body["token_type"], "Bearer");
    assert_eq!(reply.body["expires_in"], 900);
    assert_eq!(reply.body["user"]["email"], "ada@example.com");
    assert_eq!(reply.body["user"]["time_zone"], "Europe/London");
    assert!(reply.body["user"].get("password_hash").is_none());

    // Login ignores the case of the email.
    let login = app.login("ADA@example.com", PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    let session = Session::from_reply(&login);

    let me = send(app.get("/v1/me").bearer_auth(&session.access)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["name"], "Ada");
    assert_eq!(me.body["id"], session.user_id.as_str());

    let patched = send(app.patch("/v1/me").bearer_auth(&session.access).json(&json!({
        "name": "Ada Lovelace", "time_zone": "America/New_York", "strengths": [" clear writing ", "maths"]
    })))
    .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.body["time_zone"], "America/New_York");
    assert_eq!(patched.body["strengths"], json!(["clear writing", "maths"]));
    let me = send(app.get("/v1/me").bearer_auth(&session.access)).await;
    assert_eq!(me.body["name"], "Ada Lovelace");
    assert_eq!(me.body["strengths"], json!(["clear writing", "maths"]));
}

#[actix_web::test]
async fn duplicate_email_is_a_conflict_on_the_email_field() {
    let app = TestApp::spawn().await;
    app.register("grace@example.com").await;
    let reply = send(app.post("/v1/auth/register").json(&json!({
        "email": "GRACE@example.com", "password": PASSWORD
    })))
    .await;
    let problem = reply.problem(409);
    assert_eq!(problem["errors"][0]["field"], "email");
}

#[actix_web::test]
async fn invalid_registration_names_every_bad_field_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let reply = send(app.post("/v1/auth/register").json(&json!({
        "email": "not-an-email", "password": "short", "time_zone": "Mars/Olympus_Mons"
    })))
    .await;
    assert_eq!(reply.invalid_fields(), ["email", "password", "time_zone"]);
    let login = app.login("not-an-email", "short").await;
    assert!(login.status.is_client_error());
}

#[actix_web::test]
async fn profile_changes_are_validated_and_atomic() {
    let app = TestApp::spawn().await;
    let s = app.register("tz@example.com").await;
    let reply = send(app.patch("/v1/me").bearer_auth(&s.access).json(&json!({
        "name": "Fine", "time_zone": "Nowhere/Land", "strengths": ["", "x"]
    })))
    .await;
    assert_eq!(reply.invalid_fields(), ["strengths", "time_zone"]);
    let me = send(app.get("/v1/me").bearer_auth(&s.access)).await;
    assert_eq!(me.body["name"], "Test User", "nothing changed");
    assert_eq!(me.body["time_zone"], "UTC");
    // Server-set fields cannot be assigned.
    let reply = send(
        app.patch("/v1/me")
            .bearer_auth(&s.access)
            .json(&json!({"email": "x@y.com"})),
    )
    .await;
    assert_eq!(reply.invalid_fields(), ["email"]);
}

#[actix_web::test]
async fn wrong_password_and_unknown_email_are_the_same_401() {
    let app = TestApp::spawn().await;
    app.register("alan@example.com").await;
    let wrong = app.login("alan@example.com", "wrong password!").await;
    let unknown = app.login("nobody@example.com", PASSWORD).await;
    for reply in [&wrong, &unknown] {
        reply.problem(401);
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    }
    assert_eq!(wrong.body["detail"], unknown.body["detail"]);
}

#[actix_web::test]
async fn refresh_rotates_and_a_replay_revokes_the_family() {
    let app = TestApp::spawn().await;
    let first = app.register("rot@example.com").await;
    let rotated = send(
        app.post("/v1/auth/refresh")
            .json(&json!({"refresh_token": first.refresh})),
    )
    .await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.text);
    let second = Session::from_reply(&rotated);
    assert_ne!(second.refresh, first.refresh);
    assert_eq!(
        send(app.get("/v1/me").bearer_auth(&second.access))
            .await
            .status,
        StatusCode::OK
    );

    // An attacker replays the first token: refused, and the family is revoked...
    let replay = send(
        app.post("/v1/auth/refresh")
            .json(&json!({"refresh_token": first.refresh})),
    )
    .await;
    replay.problem(401);
    // ...so the legitimate holder of the newest token must sign in again too.
    let after = send(
        app.post("/v1/auth/refresh")
            .json(&json!({"refresh_token": second.refresh})),
    )
    .await;
    after.problem(401);

    // Another login is another family, untouched.
    let other = Session::from_reply(&app.login("rot@example.com", PASSWORD).await);
    let ok = send(
        app.post("/v1/auth/refresh")
            .json(&json!({"refresh_token": other.refresh})),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
}

#[actix_web::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let s = app.register("bye@example.com").await;
    let out = send(
        app.post("/v1/auth/logout")
            .json(&json!({"refresh_token": s.refresh})),
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let again = send(
        app.post("/v1/auth/refresh")
            .json(&json!({"refresh_token": s.refresh})),
    )
    .await;
    again.problem(401);
    // Logging out twice, or with an unknown token, is harmless.
    let twice = send(
        app.post("/v1/auth/logout")
            .json(&json!({"refresh_token": s.refresh})),
    )
    .await;
    assert_eq!(twice.status, StatusCode::NO_CONTENT);
    let garbage = send(
        app.post("/v1/auth/refresh")
            .json(&json!({"refresh_token": "rt_nope"})),
    )
    .await;
    garbage.problem(401);
}

#[actix_web::test]
async fn repeated_failed_logins_lock_the_account_until_retry_after() {
    let app = TestApp::spawn().await;
    app.register("lock@example.com").await;
    for _ in 0..5 {
        app.login("lock@example.com", "wrong password!")
            .await
            .problem(401);
    }
    // Locked: even the right password waits.
    let locked = app.login("lock@example.com", PASSWORD).await;
    locked.problem(429);
    let retry: u64 = locked
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=300).contains(&retry), "{retry}");
}

#[actix_web::test]
async fn a_successful_login_resets_the_failure_count() {
    let app = TestApp::spawn().await;
    app.register("reset@example.com").await;
    for _ in 0..4 {
        app.login("reset@example.com", "wrong password!")
            .await
            .problem(401);
    }
    assert_eq!(
        app.login("reset@example.com", PASSWORD).await.status,
        StatusCode::OK
    );
    for _ in 0..4 {
        app.login("reset@example.com", "wrong password!")
            .await
            .problem(401);
    }
    assert_eq!(
        app.login("reset@example.com", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn bursts_from_one_address_are_throttled() {
    let app = TestApp::spawn_with(|c| {
        c.auth.ip_burst = 3;
        c.auth.ip_replenish = Duration::from_secs(60);
    })
    .await;
    for i in 0..3 {
        let reply = app.login(&format!("u{i}@example.com"), PASSWORD).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let reply = send(app.post("/v1/auth/register").json(&json!({
        "email": "burst@example.com", "password": PASSWORD
    })))
    .await;
    reply.problem(429);
    assert!(reply.header("retry-after").is_some());
    // Nothing was created by the refused request.
    let found = followup::db::run(&app.state.pool, |conn| {
        followup::store::users::find_by_email(conn, "burst@example.com")
    })
    .await
    .unwrap();
    assert!(found.is_none());
}
