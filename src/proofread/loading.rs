//! When the checker loads, and what a check does before it has: the checker is loaded once per
//! process on a thread of its own, never by a request, so a check that comes first is told to
//! come back (`None`) and the rest of the API is ready at once either way.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use super::Checker;

/// Seconds a check that came before the checker should wait: loading takes one to two.
pub const RETRY_SECS: u64 = 2;

/// One server's view of the checker: not asked for, loading, or ready.
#[derive(Default)]
pub struct Proofreader {
    ready: Arc<OnceLock<&'static Checker>>,
    started: AtomicBool,
}

impl Proofreader {
    /// A proofreader that loads its checker on the first check.
    pub fn on_demand() -> Self {
        Self::default()
    }

    /// A proofreader that starts loading its checker now.
    pub fn at_start() -> Self {
        let proofreader = Self::default();
        proofreader.start();
        proofreader
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
        let ready = self.ready.clone();
        let spawned = std::thread::Builder::new()
            .name("proofreader".into())
            .spawn(move || {
                let started = std::time::Instant::now();
                let _ = ready.set(Checker::get());
                tracing::info!(
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "proofreader loaded"
                );
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
    fn at_start_loads_without_being_asked() {
        let proofreader = Proofreader::at_start();
        wait(&proofreader);
        assert!(proofreader.ready().is_some());
    }
}
