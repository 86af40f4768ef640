//! The write path under contention: reads answer while writes queue for the database, and the
//! read path cannot write.

use std::sync::mpsc;

use diesel::prelude::*;
use followup::db::schema::users;
use followup::db::{self, DbConnection};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, send};

#[actix_web::test]
async fn reads_answer_while_writes_wait_for_the_database() {
    let app = TestApp::spawn().await;
    let s = app.register("queue@example.com").await;
    let interview = app.interview(&s, "Acme").await;
    let one = format!("/v1/interviews/{}", interview["id"].as_str().unwrap());

    // Hold what every write of this user needs: on SQLite the writer, in a write transaction;
    // on PostgreSQL the user's row.
    let (release, released) = mpsc::channel::<()>();
    let (holding, held) = mpsc::channel::<()>();
    let pool = app.state.service.pool().clone();
    let user = s.user_id.clone();
    let holder = std::thread::spawn(move || {
        let mut conn = pool.get().expect("a connection");
        db::transaction(&mut conn, |conn| -> QueryResult<()> {
            if let DbConnection::Pg(pg) = conn {
                users::table
                    .find(&user)
                    .select(users::id)
                    .for_update()
                    .load::<String>(pg)?;
            }
            holding.send(()).expect("the test waits");
            released.recv().ok();
            Ok(())
        })
        .expect("the holding transaction");
    });
    held.recv().expect("the lock is held");

    let writes: Vec<_> = (0..12)
        .map(|i| {
            actix_web::rt::spawn(send(
                app.post("/v1/interviews").bearer_auth(&s.access).json(
                    &json!({"company": format!("Queued {i}"), "position": "Engineer",
                        "scheduled_at": "2026-03-03T14:00:00Z"}),
                ),
            ))
        })
        .collect();
    // Every write has reached the database and waits there.
    let queued = app.state.service.pool().writes_waiting(12);
    actix_web::rt::time::timeout(std::time::Duration::from_secs(10), queued)
        .await
        .expect("the writes reached the database");
    for _ in 0..20 {
        let read = send(app.get(&one).bearer_auth(&s.access)).await;
        assert_eq!(read.status, StatusCode::OK, "{}", read.text);
        let me = send(app.get("/v1/me").bearer_auth(&s.access)).await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    }
    assert!(
        writes.iter().all(|w| !w.is_finished()),
        "the reads were answered while every write still waited"
    );

    release.send(()).expect("the holder waits");
    holder.join().expect("the holder ends");
    for write in writes {
        let reply = write.await.expect("the write ran");
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }
}

#[actix_web::test]
async fn the_read_path_cannot_write_on_sqlite() {
    let app = TestApp::spawn().await;
    let s = app.register("reader@example.com").await;
    let pool = app.state.service.pool().clone();
    let user = s.user_id.clone();
    let renamed = db::run::<_, followup::error::ApiError, _>(&pool, move |conn| {
        Ok(diesel::update(users::table.find(&user))
            .set(users::name.eq("Changed by a read"))
            .execute(conn)?)
    })
    .await;
    match app.state.backend {
        followup::db::Backend::Sqlite => assert!(renamed.is_err(), "{renamed:?}"),
        // One pool serves both there; PostgreSQL runs writers side by side.
        followup::db::Backend::Postgres => assert_eq!(renamed.ok(), Some(1)),
    }
}

/// A stored value outside its domain fails the request (500, logged) and changes nothing; it is
/// never read as a default. Here a time zone no longer known: planning in UTC instead would put
/// every call hours off.
#[actix_web::test]
async fn a_corrupt_stored_value_is_an_error_not_a_default() {
    let app = TestApp::spawn().await;
    let s = app.register("corrupt@example.com").await;
    app.interview(&s, "Acme").await;
    let pool = app.state.service.pool().clone();
    let user = s.user_id.clone();
    db::run_write::<_, followup::error::ApiError, _>(&pool, move |conn| {
        Ok(diesel::update(users::table.find(&user))
            .set(users::time_zone.eq("Mars/Olympus_Mons"))
            .execute(conn)?)
    })
    .await
    .expect("the row is corrupted");

    let me = send(app.get("/v1/me").bearer_auth(&s.access)).await;
    me.problem(500);
    let before = send(app.get("/v1/interviews").bearer_auth(&s.access)).await;
    let write = send(app.post("/v1/interviews").bearer_auth(&s.access).json(
        &json!({"company": "Globex", "position": "Analyst", "scheduled_at": "2026-03-03T14:00:00Z"}),
    ))
    .await;
    write.problem(500);
    let after = send(app.get("/v1/interviews").bearer_auth(&s.access)).await;
    assert_eq!(
        before.body["items"], after.body["items"],
        "the write was rolled back"
    );
}

/// SQLite stores instants as text, which nothing stops a hand edit from breaking; PostgreSQL's
/// `TIMESTAMP` refuses such a value on the way in.
#[actix_web::test]
async fn a_stored_instant_no_reader_understands_is_an_error_not_a_default() {
    let app = TestApp::spawn().await;
    if app.state.backend != db::Backend::Sqlite {
        return;
    }
    let s = app.register("instant@example.com").await;
    let interview = app.interview(&s, "Acme").await;
    let one = format!("/v1/interviews/{}", interview["id"].as_str().unwrap());
    let pool = app.state.service.pool().clone();
    db::run_write::<_, followup::error::ApiError, _>(&pool, move |conn| {
        Ok(
            diesel::sql_query("UPDATE interviews SET scheduled_at = 'next tuesday'")
                .execute(conn)?,
        )
    })
    .await
    .expect("the row is corrupted");

    send(app.get(&one).bearer_auth(&s.access))
        .await
        .problem(500);
    // diesel's own reader still takes the other shapes SQLite and older rows may hold.
    db::run_write::<_, followup::error::ApiError, _>(&pool, move |conn| {
        Ok(
            diesel::sql_query("UPDATE interviews SET scheduled_at = '2026-03-03T14:00:00Z'")
                .execute(conn)?,
        )
    })
    .await
    .expect("the row is mended");
    let read = send(app.get(&one).bearer_auth(&s.access)).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["scheduled_at"], "2026-03-03T14:00:00Z");
}

#[actix_web::test]
async fn a_stored_id_that_is_not_a_uuid_is_an_error_not_a_default() {
    let app = TestApp::spawn().await;
    let s = app.register("bad-id@example.com").await;
    let task = app
        .create(&s, "/v1/tasks", json!({"title": "Call Acme"}))
        .await;
    let id = task["id"].as_str().unwrap().to_string();
    let pool = app.state.service.pool().clone();
    db::run_write::<_, followup::error::ApiError, _>(&pool, move |conn| {
        use followup::db::schema::tasks;
        Ok(diesel::update(tasks::table.filter(tasks::id.eq(&id)))
            .set(tasks::id.eq("task-1"))
            .execute(conn)?)
    })
    .await
    .expect("the row is corrupted");
    send(app.get("/v1/tasks").bearer_auth(&s.access))
        .await
        .problem(500);
}
