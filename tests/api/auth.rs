//! Registration, login, profile, refresh rotation, logout and throttling.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, Reply, Session, TestApp, send};

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
        "name": "Fine", "time_zone": "Nowhere/Land", "strengths": ["", "x", "y".repeat(201)]
    })))
    .await;
    // Each bad strength is named where it stands, for a form to mark its line.
    assert_eq!(
        reply.invalid_fields(),
        ["strengths[0]", "strengths[2]", "time_zone"]
    );
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
    // Issued in the same second on the test's still clock, yet not the same token.
    assert_ne!(second.access, first.access);
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

/// A login sent from `client` through the trusted proxy in front (the test itself, 127.0.0.1).
async fn login_from(app: &TestApp, client: &str, email: &str, password: &str) -> Reply {
    send(
        app.post("/v1/auth/login")
            .header("x-forwarded-for", client)
            .json(&json!({"email": email, "password": password})),
    )
    .await
}

fn behind_a_proxy(c: &mut followup::Config) {
    c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    c.auth.failures_per_client = 3;
    c.auth.failure_refill = Duration::from_secs(60);
}

#[actix_web::test]
async fn failed_logins_slow_the_guesser_and_never_lock_the_owner_out() {
    let app = TestApp::spawn_with(behind_a_proxy).await;
    app.register("owner@example.com").await;
    let attacker = "203.0.113.5";
    for _ in 0..3 {
        login_from(&app, attacker, "owner@example.com", "wrong password!")
            .await
            .problem(401);
    }
    // The guessing address waits, even with the right password...
    let refused = login_from(&app, attacker, "owner@example.com", PASSWORD).await;
    refused.problem(429);
    let retry: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // ...while the owner, from their own address, signs in.
    let owner = login_from(&app, "198.51.100.7", "owner@example.com", PASSWORD).await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.text);
}

#[actix_web::test]
async fn known_and_unknown_accounts_get_the_same_answers() {
    let app = TestApp::spawn_with(behind_a_proxy).await;
    app.register("known@example.com").await;
    let mut answers = Vec::new();
    for (client, email) in [
        ("203.0.113.1", "known@example.com"),
        ("203.0.113.2", "unknown@example.com"),
    ] {
        let mut seen = Vec::new();
        for _ in 0..4 {
            let reply = login_from(&app, client, email, "wrong password!").await;
            let mut body: Value = serde_json::from_str(&reply.text).unwrap();
            body.as_object_mut().unwrap().remove("instance");
            seen.push((reply.status, reply.header("retry-after").is_some(), body));
        }
        answers.push(seen);
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0][3].0, StatusCode::TOO_MANY_REQUESTS);
}

#[actix_web::test]
async fn clients_are_told_apart_only_through_trusted_proxies_and_ipv6_by_its_64() {
    let limited = |c: &mut followup::Config| {
        c.auth.ip_burst = 2;
        c.auth.ip_replenish = Duration::from_secs(60);
    };
    // Nobody is trusted: a forged X-Forwarded-For buys no new allowance.
    let app = TestApp::spawn_with(limited).await;
    for (i, forged) in ["192.0.2.1", "192.0.2.2", "192.0.2.3"].iter().enumerate() {
        let reply = login_from(&app, forged, "x@example.com", PASSWORD).await;
        let expected = if i < 2 { 401 } else { 429 };
        assert_eq!(reply.status.as_u16(), expected, "{forged}");
    }
    // Behind a trusted proxy, each client has its own allowance; an IPv6 /64 is one client.
    let app = TestApp::spawn_with(|c| {
        limited(c);
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    for (client, expected) in [
        ("2001:db8:1:1::1", 401),
        ("2001:db8:1:1:ffff::2", 401),
        ("2001:db8:1:1:abcd::3", 429),
        ("2001:db8:1:2::1", 401),
        ("192.0.2.10", 401),
    ] {
        let reply = login_from(&app, client, "x@example.com", PASSWORD).await;
        assert_eq!(reply.status.as_u16(), expected, "{client}");
    }
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
    let found = followup::db::run(app.state.service.pool(), |conn| {
        followup::store::users::find_by_email(conn, "burst@example.com")
    })
    .await
    .unwrap();
    assert!(found.is_none());
}

/// Behind a load balancer, each instance a guesser reaches spends the same budget: on
/// PostgreSQL the throttles count in the database. (A SQLite file has one server, whose
/// throttles are in its memory: the same budget, held by the one instance there is.)
#[actix_web::test]
async fn every_server_on_one_database_spends_one_login_budget() {
    let limited = |c: &mut followup::Config| {
        behind_a_proxy(c);
        c.auth.ip_burst = 4;
        c.auth.ip_replenish = Duration::from_secs(60);
    };
    let first = TestApp::spawn_with(limited).await;
    first.register("shared@example.com").await;
    let servers = if first.is_postgres() {
        vec![first.spawn_beside(limited).await]
    } else {
        Vec::new()
    };
    let at = |i: usize| servers.get(i % 2).unwrap_or(&first);
    // Failures from one address, alternating servers: the third makes it wait everywhere.
    for i in 0..3 {
        login_from(
            at(i),
            "203.0.113.9",
            "shared@example.com",
            "wrong password!",
        )
        .await
        .problem(401);
    }
    for server in [at(0), at(1)] {
        login_from(server, "203.0.113.9", "shared@example.com", PASSWORD)
            .await
            .problem(429);
    }
    // The burst of requests from one address is one budget too: 4 in all, whichever server.
    let other = "198.51.100.44";
    for i in 0..4 {
        let email = format!("nobody{i}@example.com");
        let reply = login_from(at(i), other, &email, PASSWORD).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "request {i}");
    }
    login_from(at(4), other, "nobody4@example.com", PASSWORD)
        .await
        .problem(429);
}

/// A client offers the zones the server lists, and the server takes each of them: the list and
/// the check are one list. A name it leaves out (a signed fixed offset) is refused.
#[actix_web::test]
async fn the_listed_time_zones_are_the_ones_a_profile_takes() {
    let app = TestApp::spawn().await;
    let listed = send(app.get("/v1/time-zones")).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let names: Vec<&str> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(names.len() > 400, "{} names", names.len());
    for expected in ["Europe/London", "America/New_York", "Asia/Tokyo", "UTC"] {
        assert!(names.contains(&expected), "{expected}");
    }
    assert!(!names.contains(&"Etc/GMT+5"));
    let tag = listed.header("etag").unwrap().to_string();
    let again = send(app.get("/v1/time-zones").header("if-none-match", &tag)).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    let s = app.register("zones@example.com").await;
    for name in names.iter().step_by(37).chain(names.last()) {
        let patched = send(
            app.patch("/v1/me")
                .bearer_auth(&s.access)
                .json(&json!({ "time_zone": name })),
        )
        .await;
        assert_eq!(patched.status, StatusCode::OK, "{name}: {}", patched.text);
        assert_eq!(patched.body["time_zone"], *name);
    }
    let refused = send(
        app.patch("/v1/me")
            .bearer_auth(&s.access)
            .json(&json!({"time_zone": "Etc/GMT+5"})),
    )
    .await;
    assert_eq!(refused.invalid_fields(), ["time_zone"]);
    let problem = &refused.body["errors"][0]["message"];
    assert!(problem.as_str().unwrap().contains("time zone"), "{problem}");
}
