//! Embedded migrations, one folder per backend, run at start-up (or alone by `followup migrate`).
//! On PostgreSQL they run under an advisory lock so that instances starting together do not race.

use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{DbConnection, DbError};

const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// Arbitrary, fixed: every instance must take the same advisory lock.
const MIGRATION_LOCK_KEY: i64 = 0x666f_6c6c_6f77;

#[derive(Debug, Default)]
pub struct MigrationReport {
    pub applied: Vec<String>,
}

pub fn run_migrations(conn: &mut DbConnection) -> Result<MigrationReport, DbError> {
    let applied = match conn {
        DbConnection::Pg(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))?;
            let result = pg
                .run_pending_migrations(POSTGRES)
                .map(|versions| versions.iter().map(ToString::to_string).collect::<Vec<_>>());
            // Unlock even when a migration failed, so another instance can report its own error.
            pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))?;
            result
        }
        DbConnection::Sqlite(lite) => lite
            .run_pending_migrations(SQLITE)
            .map(|versions| versions.iter().map(ToString::to_string).collect()),
    }
    .map_err(|err| DbError::Migration(err.to_string()))?;
    Ok(MigrationReport { applied })
}

/// Runs the pending migrations up to and including `last` (a version such as
/// `2026-12-07-000017`): a database as that release left it, for the tests that seed one and
/// then migrate it as an upgrade would.
pub fn run_migrations_through(conn: &mut DbConnection, last: &str) -> Result<(), DbError> {
    fn through<C>(conn: &mut C, source: EmbeddedMigrations, last: &str) -> Result<(), String>
    where
        C: MigrationHarness<C::Backend> + diesel::Connection,
    {
        // diesel names a version by its folder's digits (`20261207000017`).
        let last: String = last.chars().filter(char::is_ascii_digit).collect();
        let pending = conn.pending_migrations(source).map_err(|e| e.to_string())?;
        for migration in pending {
            let version: String = migration
                .name()
                .version()
                .to_string()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            if version > last {
                break;
            }
            conn.run_migration(&*migration).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
    match conn {
        DbConnection::Pg(pg) => through(pg, POSTGRES, last),
        DbConnection::Sqlite(lite) => through(lite, SQLITE, last),
    }
    .map_err(DbError::Migration)
}

/// Reverts every migration: used by the test that checks each `down.sql` really undoes its `up.sql`.
pub fn revert_all(conn: &mut DbConnection) -> Result<(), DbError> {
    match conn {
        DbConnection::Pg(pg) => pg.revert_all_migrations(POSTGRES).map(drop),
        DbConnection::Sqlite(lite) => lite.revert_all_migrations(SQLITE).map(drop),
    }
    .map_err(|err| DbError::Migration(err.to_string()))
}
