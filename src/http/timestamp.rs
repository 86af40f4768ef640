//! Timestamps in responses, written by hand: chrono's `Display`-based serialization was a tenth
//! of a task-list request (perf, bench/run). The text is exactly chrono's own (RFC 3339 in UTC
//! with `Z`, fractional seconds only when present, in 3, 6 or 9 digits), which a test checks.

use chrono::{DateTime, Utc};
use serde::Serializer;

/// `2026-03-03T14:00:00Z`, `2026-03-03T14:00:00.250Z`, `2026-03-03T14:00:00.123456Z`.
pub fn format(at: &DateTime<Utc>) -> String {
    match crate::instant_text::date_time(at, b'T') {
        Some(mut text) => {
            text.push(b'Z');
            // Only ASCII digits and separators were written.
            String::from_utf8(text).unwrap_or_default()
        }
        None => at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    }
}

pub fn rfc3339<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format(at))
}

pub fn rfc3339_opt<S: Serializer>(
    at: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => rfc3339(at, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn matches_chronos_own_serialization() {
        let base = Utc
            .with_ymd_and_hms(2026, 3, 3, 14, 5, 9)
            .single()
            .expect("valid");
        for nanos in [0, 250_000_000, 123_456_000, 1_000, 7, 999_999_999] {
            let at = base + chrono::Duration::nanoseconds(nanos);
            let chrono_text = serde_json::to_string(&at).expect("json");
            assert_eq!(format!("\"{}\"", format(&at)), chrono_text, "{nanos}");
        }
        let early = Utc
            .with_ymd_and_hms(1, 1, 1, 0, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(
            format!("\"{}\"", format(&early)),
            serde_json::to_string(&early).expect("json")
        );
    }
}
