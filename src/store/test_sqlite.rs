//! For the store's unit tests: a migrated SQLite database of their own, and the plan SQLite
//! makes for a statement, as `EXPLAIN QUERY PLAN` words it.

use diesel::prelude::*;
use diesel::query_builder::{QueryFragment, debug_query};
use diesel::sqlite::Sqlite;

use crate::db::{ConnectionManager, DbConnection, run_migrations};

#[derive(QueryableByName)]
struct Step {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

/// A migrated database in a directory that lives as long as the returned guard.
pub fn migrated() -> (tempfile::TempDir, DbConnection) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("store.db").display());
    let mut conn = ConnectionManager::new(&url)
        .and_then(|m| m.open())
        .expect("open");
    run_migrations(&mut conn).expect("migrations");
    (dir, conn)
}

/// The SQL SQLite is given for `query`, without its binds.
pub fn sql_of(query: &impl QueryFragment<Sqlite>) -> String {
    let text = debug_query::<Sqlite, _>(query).to_string();
    text.split(" -- binds: ")
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The steps of SQLite's plan for `sql`, whose parameters the caller has written in.
pub fn plan(conn: &mut DbConnection, sql: &str) -> String {
    let steps: Vec<Step> = diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
        .load(conn)
        .expect("plan");
    steps
        .into_iter()
        .map(|s| s.detail)
        .collect::<Vec<_>>()
        .join("; ")
}
