//! Instants in tests: parsed from the text a test states, and written as the API reads them.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// The instant `text` (RFC 3339) names.
pub(crate) fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("rfc3339")
        .with_timezone(&Utc)
}

/// `at` as a request body carries it, to the second.
pub(crate) fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The instant a response field holds.
pub(crate) fn time(v: &Value) -> DateTime<Utc> {
    at(v.as_str().expect("a timestamp"))
}
