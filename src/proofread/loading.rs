//! When the checker loads, and what a check does before it has: the checker is loaded once per
//! process on a thread of its own, never by a request, so a check that comes first is told to
//! come back (`None`) and the rest of the API is ready at once either way.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use super::Checker;

/// Seconds a check that came before the checker should wait: loading takes one to two.
pub const RETRY_SECS: u64 = 2;

/// One server's view of the checker: not asked for, loading, or ready.
pub struct Proofreader {
    ready: Arc<OnceLock<&'static Checker>>,
    started: Arc<AtomicBool>,
    load: fn() -> &'static Checker,
}

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
        Self {
            ready: Arc::default(),
            started: Arc::default(),
            load,
        }
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

    fn start(&self) {
        if self.started.swap(true, Ordering::AcqRel) {
            return;
        }
        let (ready, started, load) = (self.ready.clone(), self.started.clone(), self.load);
        let spawned = std::thread::Builder::new()
            .name("proofreader".into())
            .spawn(move || {
                let since = std::time::Instant::now();
                match std::panic::catch_unwind(load) {
                    Ok(checker) => {
                        let _ = ready.set(checker);
                        tracing::info!(
                            elapsed_ms = since.elapsed().as_millis() as u64,
                            "proofreader loaded"
                        );
                    }
                    // Not "loading" for ever: the next check tries again, and says so.
                    Err(_) => {
                        started.store(false, Ordering::Release);
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

    fn wait(proofreader: &Proofreader) {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while !proofreader.is_loaded() {
            assert!(
                std::time::Instant::now() < until,
                "the checker never loaded"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    #[test]
    fn on_demand_loads_on_the_first_ask_and_turns_that_ask_away() {
        let proofreader = Proofreader::on_demand();
        assert!(!proofreader.is_loaded(), "nothing asked for it yet");
        assert!(
            proofreader.ready().is_none(),
            "the first check is not kept waiting for the load"
        );
        wait(&proofreader);
        assert!(proofreader.ready().is_some());
    }

    #[test]
    fn a_load_that_fails_is_tried_again_by_the_next_check() {
        static ATTEMPTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        fn broken() -> &'static Checker {
            ATTEMPTS.fetch_add(1, Ordering::SeqCst);
            panic!("no dictionary")
        }
        let proofreader = Proofreader::loading_with(broken);
        let settle = |proofreader: &Proofreader| {
            let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
            while proofreader.started.load(Ordering::Acquire) {
                assert!(
                    std::time::Instant::now() < until,
                    "the failed load never ended"
                );
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        };
        assert!(proofreader.ready().is_none());
        settle(&proofreader);
        assert_eq!(ATTEMPTS.load(Ordering::SeqCst), 1);
        assert!(!proofreader.is_loaded());
        assert!(proofreader.ready().is_none(), "still no checker to give");
        settle(&proofreader);
        assert_eq!(
            ATTEMPTS.load(Ordering::SeqCst),
            2,
            "the next check tried again"
        );
    }

    #[test]
    fn at_start_loads_without_being_asked() {
        let proofreader = Proofreader::at_start();
        wait(&proofreader);
        assert!(proofreader.ready().is_some());
    }
}
