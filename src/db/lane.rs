//! How blocking database work reaches a connection of one kind (a `Lane`): through actix's
//! blocking pool behind a gate, or, for SQLite's one writer, through a thread of its own.
//!
//! The writer's thread exists for the writes' sake. Behind a gate, each write handed the
//! connection back to an async task that an actix worker had to be scheduled to run, and that
//! worker then started the next write: under bench/mix the writer sat idle between writes while
//! the workers served reads (a write's server time was a median 24 ms, nearly all of it
//! waiting). The thread takes the next queued write as soon as the last one ends.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, mpsc};

use super::{ConnectionManager, DbConnection, DbError};

type Job = Box<dyn FnOnce(&r2d2::Pool<ConnectionManager>) + Send>;

#[derive(Clone)]
pub(super) struct Lane {
    pub(super) pool: r2d2::Pool<ConnectionManager>,
    way: Way,
}

#[derive(Clone)]
enum Way {
    /// Admits as many blocking jobs as there are connections: requests beyond that wait as
    /// cheap futures rather than as parked threads fighting over a mutex (bench/run showed the
    /// context switches costing more than the queries).
    Gate(Arc<tokio::sync::Semaphore>),
    /// One thread runs the jobs one after another, in the order they came.
    Thread(Arc<Writer>),
}

/// The writer's queue and thread. Dropping the last lane waits for the thread, so that the
/// connection is closed when the pool is gone, as with the other lanes: a server started next on
/// the same file must not find this one still closing it.
struct Writer {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the queue ends the thread once it has run what was queued.
        self.jobs = None;
        if let Some(thread) = self.thread.take()
            && thread.thread().id() != std::thread::current().id()
        {
            let _ = thread.join();
        }
    }
}

impl Lane {
    /// Work runs on the blocking pool, as many jobs at once as `pool` has connections.
    pub(super) fn gated(pool: r2d2::Pool<ConnectionManager>) -> Self {
        let gate = Arc::new(tokio::sync::Semaphore::new(pool.max_size() as usize));
        Self {
            pool,
            way: Way::Gate(gate),
        }
    }

    /// Work runs on a thread of this lane's own, one job at a time. The thread ends when the
    /// last clone of the lane is dropped.
    pub(super) fn threaded(pool: r2d2::Pool<ConnectionManager>) -> Result<Self, DbError> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let connections = pool.clone();
        let thread = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                for job in queue {
                    job(&connections);
                }
            })
            .map_err(|err| DbError::Blocking(err.to_string()))?;
        Ok(Self {
            pool,
            way: Way::Thread(Arc::new(Writer {
                jobs: Some(jobs),
                thread: Some(thread),
            })),
        })
    }

    pub(super) async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        match &self.way {
            Way::Gate(gate) => {
                let _permit = gate.acquire().await.map_err(|_| DbError::Closed)?;
                let pool = self.pool.clone();
                actix_web::web::block(move || {
                    let mut conn = pool.get().map_err(DbError::from)?;
                    work(&mut conn)
                })
                .await
                .map_err(|err| DbError::Blocking(err.to_string()))?
            }
            Way::Thread(writer) => {
                let (reply, answer) = tokio::sync::oneshot::channel();
                let job: Job = Box::new(move |pool| {
                    // A panic fails this job alone: the thread goes on with the next one. The
                    // dropped `reply` tells the caller.
                    let outcome = catch_unwind(AssertUnwindSafe(|| {
                        let mut conn = pool.get().map_err(DbError::from)?;
                        work(&mut conn)
                    }));
                    if let Ok(outcome) = outcome {
                        // The caller may have gone (a client that hung up); the work is done.
                        let _ = reply.send(outcome);
                    }
                });
                let jobs = writer.jobs.as_ref().ok_or(DbError::Closed)?;
                jobs.send(job).map_err(|_| DbError::Closed)?;
                answer
                    .await
                    .map_err(|_| DbError::Blocking("the write panicked".into()))?
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer() -> (tempfile::TempDir, Lane) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("lane.db").display());
        let manager = ConnectionManager::new(&url).expect("manager");
        let pool = r2d2::Pool::builder()
            .max_size(1)
            .build(manager)
            .expect("pool");
        (dir, Lane::threaded(pool).expect("thread"))
    }

    #[actix_web::test]
    async fn the_writer_runs_jobs_in_order_and_survives_a_panic() {
        let (_dir, lane) = writer();
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let job = |n: u32| {
            let order = order.clone();
            lane.run(move |_conn| {
                order.lock().expect("lock").push(n);
                Ok::<_, DbError>(n)
            })
        };
        let (a, b, c) = tokio::join!(job(1), job(2), job(3));
        assert_eq!((a.ok(), b.ok(), c.ok()), (Some(1), Some(2), Some(3)));
        assert_eq!(*order.lock().expect("lock"), [1, 2, 3]);

        let panicked = lane
            .run(|_conn| -> Result<(), DbError> { panic!("a bug in one write") })
            .await;
        assert!(
            matches!(panicked, Err(DbError::Blocking(_))),
            "{panicked:?}"
        );
        let after = lane.run(|_conn| Ok::<_, DbError>("still writing")).await;
        assert_eq!(after.ok(), Some("still writing"));
    }
}
