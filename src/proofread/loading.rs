//! When the checker loads, and what a check does before it has: the checker is loaded once per
//! process on a thread of its own, never by a request, so a check that comes first is told to
//! come back (`None`) and the rest of the API is ready at once either way.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use super::Checker;

/// Seconds a check that came before the checker should wait: loading takes one to two.
pub const RETRY_SECS: u64 = 2;

/// How long a check waits for a free slot before it is told to come back.
pub const SLOT_WAIT: std::time::Duration = std::time::Duration::from_millis(500);
/// Seconds a check that found no slot should wait.
pub const BUSY_RETRY_SECS: u64 = 1;

/// One server's view of the checker: not asked for, loading, or ready; and its slots: a check
/// runs only with one, so no more checks run at once than the machine has cores, and what one
/// costs in memory is bounded by that many.
pub struct Proofreader {
    ready: Arc<OnceLock<&'static Checker>>,
    started: Arc<AtomicBool>,
    load: fn() -> &'static Checker,
    slots: Arc<tokio::sync::Semaphore>,
    /// Threads of its own that run the checks, one per slot: what a check allocates stays in
    /// their few malloc arenas, not in those of every blocking thread a request lands on.
    workers: OnceLock<std::sync::Mutex<std::sync::mpsc::Sender<Job>>>,
    cores: usize,
    /// How many loads have ended, and whether one succeeded: what a caller that must have the
    /// checker (a test, a benchmark) waits on, instead of polling.
    loads: Arc<tokio::sync::watch::Sender<Loads>>,
}

/// The loads that have ended so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loads {
    pub ended: u32,
    pub loaded: bool,
}

type Job = Box<dyn FnOnce() + Send>;

impl Proofreader {
    /// A proofreader that loads its checker on the first check.
    pub fn on_demand() -> Self {
        Self::loading_with(Checker::get)
    }

    /// A proofreader that starts loading its checker now.
    pub fn at_start() -> Self {
        let proofreader = Self::on_demand();
        proofreader.start();
        proofreader
    }

    fn loading_with(load: fn() -> &'static Checker) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Self {
            ready: Arc::default(),
            started: Arc::default(),
            load,
            slots: Arc::new(tokio::sync::Semaphore::new(cores)),
            workers: OnceLock::new(),
            cores,
            loads: Arc::new(tokio::sync::watch::Sender::new(Loads::default())),
        }
    }

    /// Runs `job` on one of the proofreader's threads; `None` if they are gone.
    pub async fn run<T, F>(&self, job: F) -> Option<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(job());
        });
        let sender = self.workers.get_or_init(|| self.start_workers());
        sender.lock().ok()?.send(job).ok()?;
        answered.await.ok()
    }

    fn start_workers(&self) -> std::sync::Mutex<std::sync::mpsc::Sender<Job>> {
        let (sender, jobs) = std::sync::mpsc::channel::<Job>();
        let jobs = Arc::new(std::sync::Mutex::new(jobs));
        for n in 0..self.cores {
            let jobs = jobs.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("proofread-{n}"))
                .spawn(move || {
                    loop {
                        let job = match jobs.lock() {
                            Ok(jobs) => jobs.recv(),
                            Err(_) => return,
                        };
                        match job {
                            // A panicking check answers nothing (its caller sees `None`), and
                            // the thread goes on with the next.
                            Ok(job) => {
                                drop(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)))
                            }
                            Err(_) => return,
                        }
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "cannot start a proofreading thread");
            }
        }
        std::sync::Mutex::new(sender)
    }

    /// A slot to run one check in, waiting at most `SLOT_WAIT`; `None` when all stay taken.
    pub async fn slot(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        tokio::time::timeout(SLOT_WAIT, self.slots.clone().acquire_owned())
            .await
            .ok()?
            .ok()
    }

    /// The checker if it is loaded; otherwise starts loading it, if nothing has yet, and
    /// answers `None`.
    pub fn ready(&self) -> Option<&'static Checker> {
        let ready = self.ready.get().copied();
        if ready.is_none() {
            self.start();
        }
        ready
    }

    /// Whether the checker is loaded, without asking for it.
    pub fn is_loaded(&self) -> bool {
        self.ready.get().is_some()
    }

    /// Waits until `ended` loads have ended, however they did, and answers how they stand.
    pub async fn loads_ended(&self, ended: u32) -> Loads {
        let mut loads = self.loads.subscribe();
        let settled = loads.wait_for(|loads| loads.ended >= ended).await;
        // The sender lives as long as `self`, so the wait ends only when the loads did.
        settled.map(|loads| *loads).unwrap_or_default()
    }

    /// Waits until the checker is loaded, without asking for it.
    pub async fn loaded(&self) {
        let mut loads = self.loads.subscribe();
        let _ = loads.wait_for(|loads| loads.loaded).await;
    }

    fn start(&self) {
        if self.started.swap(true, Ordering::AcqRel) {
            return;
        }
        let (ready, started, load) = (self.ready.clone(), self.started.clone(), self.load);
        let loads = self.loads.clone();
        let spawned = std::thread::Builder::new()
            .name("proofreader".into())
            .spawn(move || {
                let since = std::time::Instant::now();
                match std::panic::catch_unwind(load) {
                    Ok(checker) => {
                        let _ = ready.set(checker);
                        loads.send_modify(|loads| {
                            loads.ended += 1;
                            loads.loaded = true;
                        });
                        tracing::info!(
                            elapsed_ms = since.elapsed().as_millis() as u64,
                            "proofreader loaded"
                        );
                    }
                    // Not "loading" for ever: the next check tries again, and says so.
                    Err(_) => {
                        started.store(false, Ordering::Release);
                        loads.send_modify(|loads| loads.ended += 1);
                        tracing::error!("the proofreader failed to load; the next check retries");
                    }
                }
            });
        if let Err(error) = spawned {
            // The next check tries again.
            self.started.store(false, Ordering::Release);
            tracing::warn!(%error, "cannot start loading the proofreader");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn no_more_checks_run_at_once_than_there_are_slots() {
        let proofreader = Proofreader::on_demand();
        let cores = proofreader.slots.available_permits();
        assert!(cores >= 1);
        let mut held = Vec::new();
        for _ in 0..cores {
            held.push(proofreader.slot().await.expect("a free slot"));
        }
        // All taken: the next waits `SLOT_WAIT` (the paused clock runs it out), then gives up.
        assert!(proofreader.slot().await.is_none());
        held.pop();
        assert!(
            proofreader.slot().await.is_some(),
            "a slot given back is free"
        );
    }

    #[tokio::test]
    async fn on_demand_loads_on_the_first_ask_and_turns_that_ask_away() {
        let proofreader = Proofreader::on_demand();
        assert!(!proofreader.is_loaded(), "nothing asked for it yet");
        assert!(
            proofreader.ready().is_none(),
            "the first check is not kept waiting for the load"
        );
        proofreader.loaded().await;
        assert!(proofreader.ready().is_some());
    }

    #[tokio::test]
    async fn a_load_that_fails_is_tried_again_by_the_next_check() {
        static ATTEMPTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        fn broken() -> &'static Checker {
            ATTEMPTS.fetch_add(1, Ordering::SeqCst);
            panic!("no dictionary")
        }
        let proofreader = Proofreader::loading_with(broken);
        assert!(proofreader.ready().is_none());
        let first = proofreader.loads_ended(1).await;
        assert_eq!(
            first,
            Loads {
                ended: 1,
                loaded: false
            }
        );
        assert_eq!(ATTEMPTS.load(Ordering::SeqCst), 1);
        assert!(!proofreader.is_loaded());
        assert!(proofreader.ready().is_none(), "still no checker to give");
        proofreader.loads_ended(2).await;
        assert_eq!(
            ATTEMPTS.load(Ordering::SeqCst),
            2,
            "the next check tried again"
        );
    }

    #[tokio::test]
    async fn at_start_loads_without_being_asked() {
        let proofreader = Proofreader::at_start();
        proofreader.loaded().await;
        assert!(proofreader.ready().is_some());
    }
}
