//! Time as the service sees it. Every "now" comes from the `Clock` in the application state, so a
//! test can set and move time instead of asserting ranges around the machine's clock. Instants
//! are UTC, truncated to microseconds so that SQLite and PostgreSQL (which keeps microseconds)
//! hand back the same value that was written.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, SubsecRound, Utc};

/// Where "now" comes from: the machine's clock, or one that only moves when told to.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    /// Shared by its clones: a test keeps one and the server reads the same instant.
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    /// A clock stopped at `at` until `set` or `advance` moves it.
    pub fn manual(at: DateTime<Utc>) -> Self {
        Self::Manual(Arc::new(Mutex::new(truncate(at))))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => truncate(Utc::now()),
            Self::Manual(at) => *at.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// Moves a manual clock to `at`; the system clock cannot be moved, so this does nothing there.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Self::Manual(current) = self {
            *current.lock().unwrap_or_else(PoisonError::into_inner) = truncate(at);
        }
    }

    pub fn advance(&self, by: Duration) {
        self.set(self.now() + by);
    }
}

pub fn truncate(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_its_clones_follow() {
        let start = DateTime::parse_from_rfc3339("2026-03-02T09:00:00.1234567Z")
            .expect("instant")
            .with_timezone(&Utc);
        let clock = Clock::manual(start);
        let seen_by_server = clock.clone();
        assert_eq!(clock.now(), truncate(start));
        assert_eq!(clock.now().timestamp_subsec_nanos(), 123_456_000);
        clock.advance(Duration::days(2));
        assert_eq!(seen_by_server.now(), truncate(start) + Duration::days(2));
    }
}
