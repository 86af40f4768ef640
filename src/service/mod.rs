//! The service layer, between the handlers and the storage: it owns the clock, the one way to
//! write a user's data (a transaction that re-plans the follow-up and then tells the page cache),
//! and the background jobs. Handlers reach the database only through it.

pub mod account;
pub mod applications;
pub mod calendar;
mod error;
pub mod housekeeping;
pub mod idempotency;
pub mod interviews;
pub mod notes;
pub mod people;
pub mod reconcile;
pub mod references;
pub mod resource;
pub mod rules;
pub mod sessions;
pub mod settings;
pub mod tasks;
pub mod throttle;
pub mod ticker;
pub mod tokens;
pub mod webhooks;
pub mod words;

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Quotas;
use crate::db::{self, DbConnection, Pool};
use crate::domain::Id;

pub use error::{Error, Result};
pub use reconcile::{Replan, Report, reconcile, replan};

#[derive(Clone)]
pub struct Service {
    pool: Pool,
    clock: Clock,
    outbox: Arc<webhooks::Outbox>,
    quotas: Quotas,
}

impl Service {
    pub fn new(pool: Pool, clock: Clock) -> Self {
        Self {
            pool,
            clock,
            outbox: Arc::default(),
            quotas: Quotas::default(),
        }
    }

    /// This service with the account quotas `quotas` in place of the defaults.
    pub fn with_quotas(mut self, quotas: Quotas) -> Self {
        self.quotas = quotas;
        self
    }

    /// What one account may hold.
    pub fn quotas(&self) -> Quotas {
        self.quotas
    }

    /// The webhook outbox's renderer and wake-up call.
    pub fn outbox(&self) -> &Arc<webhooks::Outbox> {
        &self.outbox
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The pool itself, for start-up, the background jobs and tests that inspect rows.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Reads off the actix workers. On SQLite they run on read-only connections that never wait
    /// for the writer.
    pub async fn read<T, F>(&self, work: F) -> Result<T>
    where
        F: FnOnce(&mut DbConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        db::run(&self.pool, work).await
    }

    /// A read for `user`, who must still have an account: a closed account's last access
    /// tokens get 401, never an empty list. The check runs on the same connection as the read.
    pub async fn read_as<T, F>(&self, user: Id, work: F) -> Result<T>
    where
        F: FnOnce(&mut DbConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        db::run(&self.pool, move |conn| {
            db::account_exists(conn, &user)?;
            work(conn)
        })
        .await
    }

    /// `write_session` for `user`'s own sessions, tokens and settings, in a transaction that
    /// first finds the account: a closed one is 401, never a foreign-key failure.
    pub async fn write_session_as<T, F>(&self, user: Id, work: F) -> Result<T>
    where
        F: FnOnce(&mut DbConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        self.write_session(move |conn| {
            db::account_exists(conn, &user)?;
            work(conn)
        })
        .await
    }

    /// Writes what no cached page shows and the engine does not plan from (a new account, its
    /// sessions), in one transaction: nothing to re-plan, nothing to invalidate.
    pub async fn write_session<T, F>(&self, work: F) -> Result<T>
    where
        F: FnOnce(&mut DbConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        db::run_write(&self.pool, move |conn| db::transaction(conn, work)).await
    }

    /// A write to `user`'s data that changes nothing the engine plans from (their password, the
    /// whole account's removal): one transaction, with the user's cached pages invalidated.
    pub async fn write<T, F>(&self, user: Id, work: F) -> Result<T>
    where
        F: FnOnce(&mut DbConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        db::write(&self.pool, user.to_string(), work).await
    }

    /// A write to a user's facts and a full re-plan after it, in one transaction off the
    /// workers, so the client sees the new plan in the response to its write.
    pub async fn planned_write<T, F>(&self, user: Id, work: F) -> Result<T>
    where
        F: FnOnce(&mut DbConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        self.scoped_write(user, move |conn| Ok((work(conn)?, Replan::Everything)))
            .await
    }

    /// A write that says which part of the plan it can move (`Replan`), and the re-plan of that
    /// part, in one transaction. In debug builds, which every test runs, the scoped re-plan is
    /// checked against the full one: a full re-plan afterwards must find nothing to do that it
    /// did not find before the write (what time alone brought is the ticker's). A miss is a 500
    /// naming the tasks, so a scope that is too narrow fails the tests of that route. So is an
    /// open-task count (kept by triggers) that differs from the tasks.
    pub async fn scoped_write<T, F>(&self, user: Id, work: F) -> Result<T>
    where
        F: FnOnce(&mut DbConnection) -> Result<(T, Replan)> + Send + 'static,
        T: Send + 'static,
    {
        let clock = self.clock.clone();
        let hold = crate::store::users::hold;
        let (value, queued) =
            db::write_held(&self.pool, user.to_string(), hold, move |conn, held| {
                let now = clock.now();
                let before = cfg!(debug_assertions)
                    .then(|| reconcile::pending(conn, &user, now))
                    .transpose()?;
                let (value, what) = work(conn)?;
                replan(conn, &user, &what, now, &held)?;
                if cfg!(debug_assertions) {
                    let (stored, counted) = crate::store::quota::open_tasks_recounted(conn, &user)?;
                    if stored != counted {
                        return Err(Error::internal(format!(
                            "the stored open-task count is {stored}, the tasks say {counted}"
                        )));
                    }
                }
                if let Some(before) = before
                    && what != Replan::Everything
                {
                    let after = reconcile::pending(conn, &user, now)?;
                    let missed: Vec<&String> = after.difference(&before).collect();
                    if !missed.is_empty() {
                        return Err(Error::internal(format!(
                            "the re-plan of {what:?} missed what a full re-plan does: {missed:?}"
                        )));
                    }
                }
                // In the same transaction: the change and the events that report it commit together.
                // Events are recorded only for enabled endpoints; with none when the write began,
                // any the write itself enabled are sealed by the outbox's next pass.
                let queued = if held.has_webhooks {
                    webhooks::seal(conn, Some(&user), now)?
                } else {
                    0
                };
                Ok((value, queued))
            })
            .await?;
        if queued > 0 {
            self.outbox.wake();
        }
        Ok(value)
    }
}
