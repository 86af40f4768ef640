//! Sessions end, and what is kept only for a while is deleted: a refresh-token family has an
//! absolute lifetime, and housekeeping purges expired tokens, old idempotency keys and old
//! tombstones, leaving everything younger alone.

use std::time::Duration;

use chrono::Utc;
use followup::{db, store};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, send};

async fn refresh(app: &TestApp, token: &str) -> crate::helpers::Reply {
    send(
        app.post("/v1/auth/refresh")
            .json(&json!({"refresh_token": token})),
    )
    .await
}

#[actix_web::test]
async fn a_session_ends_at_its_absolute_lifetime_however_often_it_rotates() {
    let app = TestApp::spawn_at_with("2030-01-01T09:00:00Z", |c| {
        c.auth.session_max = Duration::from_secs(2)
    })
    .await;
    let session = app.register("rotating@example.com").await;
    let rotated = refresh(&app, &session.refresh).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.text);
    let next = rotated.body["refresh_token"].as_str().unwrap().to_string();
    app.clock().advance(chrono::Duration::milliseconds(2100));
    refresh(&app, &next).await.problem(401);
}

#[actix_web::test]
async fn housekeeping_purges_only_what_is_past_its_retention() {
    let app = TestApp::spawn().await;
    let session = app.register("keeper@example.com").await;
    let kept = app.interview(&session, "Kept Co").await;
    let gone = app.interview(&session, "Gone Co").await;
    let reply = send(
        app.delete(&format!("/v1/interviews/{}", gone["id"].as_str().unwrap()))
            .bearer_auth(&session.access),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let keyed = send(
        app.post("/v1/interviewers")
            .bearer_auth(&session.access)
            .header("idempotency-key", "retention-test")
            .json(&json!({"name": "Kim Lee"})),
    )
    .await;
    assert_eq!(keyed.status, StatusCode::CREATED, "{}", keyed.text);

    let counts = |app: &TestApp| {
        let pool = app.state.service.pool().clone();
        async move {
            db::run::<_, followup::error::ApiError, _>(&pool, |conn| {
                use diesel::prelude::*;
                use followup::db::schema::{idempotency_keys, interviews, refresh_tokens};
                let rows = |n: i64| usize::try_from(n).unwrap();
                Ok((
                    rows(interviews::table.count().get_result(conn)?),
                    rows(refresh_tokens::table.count().get_result(conn)?),
                    rows(idempotency_keys::table.count().get_result(conn)?),
                ))
            })
            .await
            .unwrap()
        }
    };
    let purge = |at: chrono::DateTime<Utc>| {
        let pool = app.state.service.pool().clone();
        async move {
            db::run_write(&pool, move |conn| store::retention::purge(conn, at))
                .await
                .unwrap()
        }
    };
    let before = counts(&app).await;
    assert_eq!(before, (2, 1, 1));
    // Today nothing is old enough.
    assert_eq!(purge(app.clock().now()).await, Default::default());
    assert_eq!(counts(&app).await, before);
    // Two days on, the idempotency key is gone; the session and the tombstone stay.
    let purged = purge(app.clock().now() + chrono::Duration::days(2)).await;
    assert_eq!(purged.idempotency_keys, 1);
    assert_eq!(counts(&app).await, (2, 1, 0));
    // A hundred days on, the refresh token has expired and the tombstone is past 90 days.
    let purged = purge(app.clock().now() + chrono::Duration::days(100)).await;
    assert_eq!((purged.refresh_tokens, purged.tombstones), (1, 1));
    assert_eq!(counts(&app).await, (1, 0, 0));
    // The live interview is untouched and still served.
    let reply = send(
        app.get(&format!("/v1/interviews/{}", kept["id"].as_str().unwrap()))
            .bearer_auth(&session.access),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
}
