//! The two migration folders must build the same schema, and each `down.sql` must undo its `up.sql`.

use std::collections::BTreeSet;

use diesel::sql_types::{Bool, Text};
use diesel::{QueryableByName, RunQueryDsl};
use followup::db::{ConnectionManager, DbConnection, revert_all, run_migrations};

use crate::helpers::TestDb;

#[derive(QueryableByName, Debug)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Bool)]
    not_null: bool,
}

pub(crate) type Shape = BTreeSet<(String, String, String, bool)>;

/// Tables and columns with a portable type name and nullability.
pub(crate) fn shape(conn: &mut DbConnection) -> Shape {
    let columns: Vec<Column> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
             (p.\"notnull\" = 1 OR p.pk > 0) AS not_null \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.name <> '__diesel_schema_migrations'",
        )
        .load(c)
        .unwrap(),
        DbConnection::Pg(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
             data_type::text AS data_type, (is_nullable = 'NO') AS not_null \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name <> '__diesel_schema_migrations'",
        )
        .load(c)
        .unwrap(),
    };
    columns
        .into_iter()
        .map(|c| {
            let ty = match c.data_type.to_lowercase().as_str() {
                "timestamp without time zone" | "timestamp" => "timestamp".to_string(),
                other => other.to_string(),
            };
            (c.table_name, c.column_name, ty, c.not_null)
        })
        .collect()
}

fn migrated(url: &str) -> DbConnection {
    let mut conn = ConnectionManager::new(url).unwrap().open().unwrap();
    run_migrations(&mut conn).unwrap();
    conn
}

#[test]
fn down_migrations_revert_everything() {
    let (db, url) = TestDb::create();
    let mut conn = migrated(&url);
    assert!(shape(&mut conn).iter().any(|(t, ..)| t == "users"));
    revert_all(&mut conn).unwrap();
    assert_eq!(
        shape(&mut conn),
        Shape::new(),
        "tables left after reverting every migration"
    );
    // And the migrations apply again on the reverted database.
    run_migrations(&mut conn).unwrap();
    assert!(!shape(&mut conn).is_empty());
    drop(db);
}

#[test]
fn both_backends_build_the_same_tables_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", dir.path().join("shape.db").display());
    let sqlite = shape(&mut migrated(&sqlite_url));
    assert!(
        sqlite.contains(&("users".into(), "email".into(), "text".into(), true)),
        "{sqlite:?}"
    );
    let (db, url) = TestDb::create();
    if !db.is_postgres() {
        eprintln!("FOLLOWUP_TEST_DATABASE_URL is unset: compared SQLite only with itself");
        assert_eq!(sqlite, shape(&mut migrated(&url)));
        return;
    }
    let postgres = shape(&mut migrated(&url));
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "schemas differ\nonly in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_postgres:#?}"
    );
}
