//! The service layer, between the handlers and the storage: it owns the clock, the one way to
//! write a user's data (a transaction that re-plans the follow-up and then tells the page cache),
//! and the background jobs. Handlers reach the database only through it.

pub mod housekeeping;
pub mod reconcile;
pub mod settings;
pub mod ticker;

use crate::clock::Clock;
use crate::db::{self, DbConnection, Pool};
use crate::error::ApiResult;

pub use reconcile::{Report, reconcile};

#[derive(Clone)]
pub struct Service {
    pool: Pool,
    clock: Clock,
}

impl Service {
    pub fn new(pool: Pool, clock: Clock) -> Self {
        Self { pool, clock }
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The pool itself, for start-up, the background jobs and tests that inspect rows.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Reads off the actix workers, on a connection that cannot write (on SQLite, one of the
    /// readers that never wait for the writer).
    pub async fn read<T, F>(&self, work: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        db::run(&self.pool, work).await
    }

    /// Writes what no cached page shows and the engine does not plan from (a new account, its
    /// sessions): nothing to re-plan, nothing to invalidate.
    pub async fn write_session<T, F>(&self, work: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        db::run_write(&self.pool, work).await
    }

    /// A write to `user`'s data that changes nothing the engine plans from (their password, the
    /// whole account's removal): one transaction, with the user's cached pages invalidated.
    pub async fn write<T, F>(&self, user: String, work: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        db::write(&self.pool, user, work).await
    }

    /// A write to a user's facts and the re-plan after it, in one transaction off the workers,
    /// so the client sees the new plan in the response to its write.
    pub async fn planned_write<T, F>(&self, user: String, work: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let clock = self.clock.clone();
        let owner = user.clone();
        db::write(&self.pool, owner, move |conn| {
            let value = work(conn)?;
            reconcile(conn, &user, clock.now())?;
            Ok(value)
        })
        .await
    }
}
