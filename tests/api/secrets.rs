//! Secrets never rest in clear and are never replayed: token replies are not cached and never go
//! through `Idempotency-Key`, so a replayed refresh still meets rotation; and every response says
//! `nosniff`.

use diesel::sql_types::{Nullable, Text};
use diesel::{QueryableByName, RunQueryDsl};
use followup::db::DbConnection;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{Session, TestApp, send};

#[derive(QueryableByName)]
struct Cell {
    #[diesel(sql_type = Nullable<Text>)]
    v: Option<String>,
}

/// Every value of every text column of every table, on either backend.
fn every_text(conn: &mut DbConnection) -> Vec<String> {
    let columns: Vec<(String, String)> = crate::storage::shape(conn)
        .into_iter()
        .filter(|(_, _, ty, _)| ty == "text")
        .map(|(table, column, ..)| (table, column))
        .collect();
    assert!(
        columns.len() > 20,
        "only {} text columns found",
        columns.len()
    );
    let mut values = Vec::new();
    for (table, column) in columns {
        let query = format!("SELECT CAST(\"{column}\" AS TEXT) AS v FROM \"{table}\"");
        let cells: Vec<Cell> = match conn {
            DbConnection::Sqlite(c) => diesel::sql_query(query).load(c).unwrap(),
            DbConnection::Pg(c) => diesel::sql_query(query).load(c).unwrap(),
        };
        values.extend(cells.into_iter().filter_map(|c| c.v));
    }
    values
}

#[actix_web::test]
async fn a_replayed_refresh_meets_rotation_and_no_token_rests_in_the_database() {
    let app = TestApp::spawn().await;
    let first = app.register("secrets@example.com").await;
    let refresh = || {
        app.post("/v1/auth/refresh")
            .bearer_auth(&first.access)
            .header("Idempotency-Key", "same-key")
            .json(&json!({"refresh_token": first.refresh}))
    };
    let rotated = send(refresh()).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.text);
    assert_eq!(rotated.header("cache-control"), Some("no-store"));
    let second = Session::from_reply(&rotated);

    // The same request again is a reuse of a spent refresh token, not a replay of the reply.
    let replayed = send(refresh()).await;
    assert_eq!(
        replayed.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        replayed.text
    );
    assert_ne!(
        replayed.body["refresh_token"],
        rotated.body["refresh_token"]
    );
    // Reuse revoked the family: the token the first refresh handed out is dead too.
    let after = send(
        app.post("/v1/auth/refresh")
            .json(&json!({"refresh_token": second.refresh})),
    )
    .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);

    let login = app
        .login("secrets@example.com", crate::helpers::PASSWORD)
        .await;
    assert_eq!(login.header("cache-control"), Some("no-store"));
    let third = Session::from_reply(&login);
    // A password change answers with tokens too: its reply is never kept either.
    let change = || {
        app.post("/v1/me/password")
            .bearer_auth(&third.access)
            .header("Idempotency-Key", "change-key")
            .json(&json!({
                "current_password": crate::helpers::PASSWORD,
                "new_password": "correct horse battery staple"
            }))
    };
    let changed = send(change()).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    let fourth = Session::from_reply(&changed);
    // Sent again, it is a new request: the current password is no longer the one it names.
    let again = send(change()).await;
    assert_eq!(again.invalid_fields(), ["current_password"]);
    let mut conn = app.state.service.pool().get().unwrap();
    let stored = every_text(&mut conn);
    for session in [&first, &second, &third, &fourth] {
        for token in [&session.access, &session.refresh] {
            assert!(
                !stored.iter().any(|value| value.contains(token.as_str())),
                "a token rests in the database"
            );
        }
    }
}

#[actix_web::test]
async fn every_response_says_nosniff() {
    let app = TestApp::spawn().await;
    let s = app.register("nosniff@example.com").await;
    for reply in [
        send(app.get("/healthz")).await,
        send(app.get("/v1/interviews").bearer_auth(&s.access)).await,
        send(app.get("/v1/interviews")).await,
        send(app.get("/v1/nowhere")).await,
        send(app.get("/swagger-ui/")).await,
        send(app.post("/v1/interviews").bearer_auth(&s.access).body("{")).await,
    ] {
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{} {}",
            reply.status,
            reply.text.chars().take(80).collect::<String>()
        );
    }
}
