//! Time as the service stores it: UTC, truncated to microseconds so that SQLite and PostgreSQL
//! (which keeps microseconds) hand back the same value that was written.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

pub fn now() -> DateTime<Utc> {
    truncate(Utc::now())
}

pub fn truncate(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// The column value for a UTC instant.
pub fn naive(at: DateTime<Utc>) -> NaiveDateTime {
    truncate(at).naive_utc()
}
