//! Storage: one diesel connection type over SQLite and PostgreSQL, its pool, the embedded
//! migrations, and the helpers that keep blocking database work off the actix workers.

mod changes;
mod claim;
mod lane;
mod manager;
mod migrate;
pub mod schema;
mod utc_timestamp;

pub use changes::Changes;
pub use claim::{Claim, claim_sqlite};
pub use manager::{Backend, ConnectionManager};
pub use migrate::{MigrationReport, revert_all, run_migrations, run_migrations_through};
pub use utc_timestamp::{Stamp, UtcTimestamp};

use lane::Lane;

use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::{PgConnection, SqliteConnection};

/// One connection type for both backends, so every query is written once.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// The connections: readers, and the writer. On SQLite the writer is one connection, and the
/// readers are connections that cannot write (`query_only`): under WAL they never wait for the
/// writer, so a read's latency does not depend on how many writes are queued. On PostgreSQL,
/// which runs writers side by side, both are the same pool.
#[derive(Clone)]
pub struct Pool {
    readers: Lane,
    writer: Lane,
    changes: Arc<Changes>,
    /// Writes queued or running: what a caller that must see writes wait (a test holding the
    /// writer) watches, instead of sleeping and hoping they arrived.
    writes: Arc<tokio::sync::watch::Sender<usize>>,
}

/// SQLite readers; with one writer beside them.
const SQLITE_READERS: u32 = 6;
const POSTGRES_CONNECTIONS: u32 = 16;

impl Pool {
    fn new(readers: Lane, writer: Lane) -> Self {
        Self {
            readers,
            writer,
            changes: Default::default(),
            writes: Arc::new(tokio::sync::watch::Sender::new(0)),
        }
    }

    /// Waits until at least `n` writes are queued or running.
    pub async fn writes_waiting(&self, n: usize) {
        let mut writes = self.writes.subscribe();
        // The sender lives as long as `self`.
        let _ = writes.wait_for(|&writes| writes >= n).await;
    }

    /// The users whose data went through `write` on this pool.
    pub fn changes(&self) -> &Arc<Changes> {
        &self.changes
    }

    /// A connection that may write, for blocking use outside a request (start-up, tests). On
    /// SQLite it is the writer: hold it briefly. A write to a user's data through it must be
    /// followed by `changes().bump(user)`, as `write` does, or cached pages of that user outlive it.
    pub fn get(&self) -> Result<r2d2::PooledConnection<ConnectionManager>, r2d2::Error> {
        self.writer.pool.get()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0}")]
    Url(String),
    #[error("cannot connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("{0}")]
    Claim(String),
    #[error("connection pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("the connection pool is closed")]
    Closed,
    #[error("blocking database work did not finish: {0}")]
    Blocking(String),
    /// The account was removed while a request of it was under way.
    #[error("the account no longer exists")]
    AccountGone,
}

/// Whether a diesel error is a unique-constraint violation (the row "already exists").
pub fn is_unique_violation(err: &diesel::result::Error) -> bool {
    matches!(
        err,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Builds the pool and opens one connection at once, so a bad URL fails at start with its reason.
pub fn connect(url: &str) -> Result<Pool, DbError> {
    let manager = ConnectionManager::new(url)?;
    // Try once first: r2d2 would otherwise retry silently until its timeout.
    manager.open()?;
    lanes(manager, Duration::from_secs(5), |builder, manager| {
        Ok(builder.min_idle(Some(1)).build(manager)?)
    })
}

/// A pool that connects only when asked, giving up after `timeout`: for a server that must
/// start while its database is down (and for testing what it answers then).
pub fn connect_lazily(url: &str, timeout: Duration) -> Result<Pool, DbError> {
    let manager = ConnectionManager::new(url)?;
    lanes(manager, timeout, |builder, manager| {
        Ok(builder.min_idle(Some(0)).build_unchecked(manager))
    })
}

type Build = fn(
    r2d2::Builder<ConnectionManager>,
    ConnectionManager,
) -> Result<r2d2::Pool<ConnectionManager>, DbError>;

fn lanes(manager: ConnectionManager, timeout: Duration, build: Build) -> Result<Pool, DbError> {
    let builder = |size| {
        r2d2::Pool::builder()
            .max_size(size)
            .connection_timeout(timeout)
            .test_on_check_out(false)
    };
    match manager.backend() {
        Backend::Postgres => {
            let lane = Lane::gated(build(builder(POSTGRES_CONNECTIONS), manager)?);
            Ok(Pool::new(lane.clone(), lane))
        }
        Backend::Sqlite => {
            // The writer first: it sets up WAL on a new file before any reader opens it.
            let writer = Lane::threaded(build(builder(1), manager.clone())?)?;
            let readers = Lane::gated(build(builder(SQLITE_READERS), manager.read_only())?);
            Ok(Pool::new(readers, writer))
        }
    }
}

/// Runs a read off the actix workers, on a reader.
pub async fn run<T, E, F>(pool: &Pool, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<DbError> + Send + 'static,
{
    pool.readers.run(work).await
}

/// Runs blocking work that writes, but not to a user's planned data (sessions, stored replies,
/// claims and purges), on the writer.
pub async fn run_write<T, E, F>(pool: &Pool, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<DbError> + Send + 'static,
{
    /// Counts one write from its call until it returns or is dropped.
    struct Counted<'a>(&'a tokio::sync::watch::Sender<usize>);
    impl Drop for Counted<'_> {
        fn drop(&mut self) {
            self.0.send_modify(|writes| *writes -= 1);
        }
    }
    pool.writes.send_modify(|writes| *writes += 1);
    let _counted = Counted(&pool.writes);
    pool.writer.run(work).await
}

/// The one row a query on a unique key matches, if any. Not diesel's `.first()`: its bound
/// `LIMIT 1` makes SQLite prepare the statement anew on every run (bench/run: a single-row GET
/// went from 14k to 29k requests a second without it).
pub fn one_row<'query, Q, U>(query: Q, conn: &mut DbConnection) -> diesel::QueryResult<Option<U>>
where
    Q: diesel::query_dsl::LoadQuery<'query, DbConnection, U> + 'query,
    U: 'query,
{
    query.load_iter(conn)?.next().transpose()
}

/// A write to `user`'s data: one transaction off the actix workers, with the user's row locked
/// first, and the user's change counter moved once it has committed. Every write to a user's
/// interviews, people, references and tasks goes through here, or caches of them go stale.
pub async fn write<T, E, F>(pool: &Pool, user: String, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<DbError> + From<diesel::result::Error> + Send + 'static,
{
    let changes = pool.changes.clone();
    run_write(pool, move |conn| {
        // Inside the blocking job: it finishes even if the request is dropped meanwhile (the
        // client hung up), and so does the bump.
        let outcome = transaction(conn, |conn| {
            lock_user(conn, &user)?;
            work(conn)
        });
        changes.bump(&user);
        outcome
    })
    .await
}

/// `write`, with the user's row locked by `hold`, which may read what the work needs of the
/// account in the same statement (the planner's profile, say) and hands it to `work`.
pub async fn write_held<T, E, H, F>(
    pool: &Pool,
    user: String,
    hold: fn(&mut DbConnection, &str) -> Result<Option<H>, DbError>,
    work: F,
) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection, H) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    H: 'static,
    E: From<DbError> + From<diesel::result::Error> + Send + 'static,
{
    let changes = pool.changes.clone();
    run_write(pool, move |conn| {
        let outcome = transaction(conn, |conn| {
            let held = hold(conn, &user)?.ok_or(DbError::AccountGone)?;
            work(conn, held)
        });
        changes.bump(&user);
        outcome
    })
    .await
}

/// Holds `user`'s row until the transaction ends, so that a user's writes run one after another:
/// on PostgreSQL two of them at once would otherwise each see the other's rows change under them
/// (a 409 for a request that asked for no precondition). SQLite's write transaction already holds
/// the database. An account that is gone answers 401, so its last access tokens write nothing.
fn lock_user(conn: &mut DbConnection, user: &str) -> Result<(), DbError> {
    use crate::db::schema::users;
    use diesel::prelude::*;
    let query = users::table.find(user).select(users::id);
    let found: Option<String> = match conn {
        DbConnection::Pg(pg) => query.for_update().get_result(pg).optional()?,
        DbConnection::Sqlite(sqlite) => query.get_result(sqlite).optional()?,
    };
    found.map(|_| ()).ok_or(DbError::AccountGone)
}

/// `Err(AccountGone)` unless `user` has an account, read without a lock.
pub fn account_exists(conn: &mut DbConnection, user: &str) -> Result<(), DbError> {
    use crate::db::schema::users;
    use diesel::prelude::*;
    let query = users::table.find(user).select(users::id);
    let found: Option<String> = one_row(query, conn)?;
    found.map(|_| ()).ok_or(DbError::AccountGone)
}

/// A write transaction. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`): a
/// deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
/// writer got in between, instead of waiting for the busy timeout.
pub fn transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?
        }
        DbConnection::Pg(inner) => AnsiTransactionManager::begin_transaction(inner)?,
    }
    match work(conn) {
        Ok(value) => {
            <DbConnection as diesel::Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(err) => {
            <DbConnection as diesel::Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(err)
        }
    }
}

/// Runs an insert that may hit a unique constraint; `Ok(false)` when the row already exists.
/// It runs in a savepoint when inside a transaction: on PostgreSQL a failed statement would
/// otherwise abort the whole transaction.
pub fn insert_unless_exists<F>(conn: &mut DbConnection, insert: F) -> diesel::QueryResult<bool>
where
    F: FnOnce(&mut DbConnection) -> diesel::QueryResult<usize>,
{
    use diesel::Connection;
    match conn.transaction(insert) {
        Ok(_) => Ok(true),
        Err(err) if is_unique_violation(&err) => Ok(false),
        Err(err) => Err(err),
    }
}
