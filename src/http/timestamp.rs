//! Timestamps in responses, written by hand: chrono's `Display`-based serialization was a tenth
//! of a task-list request (perf, bench/run). The text is exactly chrono's own (RFC 3339 in UTC
//! with `Z`, fractional seconds only when present, in 3, 6 or 9 digits), which a test checks.

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serializer;

fn push_digits(out: &mut Vec<u8>, value: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut v = value;
    for slot in digits[..width].iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out.extend_from_slice(&digits[..width]);
}

/// `2026-03-03T14:00:00Z`, `2026-03-03T14:00:00.250Z`, `2026-03-03T14:00:00.123456Z`.
pub fn format(at: &DateTime<Utc>) -> String {
    let year = at.year();
    if !(0..=9999).contains(&year) {
        return at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    }
    let mut out = Vec::with_capacity(32);
    push_digits(&mut out, year.unsigned_abs(), 4);
    out.push(b'-');
    push_digits(&mut out, at.month(), 2);
    out.push(b'-');
    push_digits(&mut out, at.day(), 2);
    out.push(b'T');
    push_digits(&mut out, at.hour(), 2);
    out.push(b':');
    push_digits(&mut out, at.minute(), 2);
    out.push(b':');
    push_digits(&mut out, at.second(), 2);
    // A leap second shows as nanoseconds past 1e9; chrono prints it as second 60.
    let nanos = at.nanosecond();
    if nanos >= 1_000_000_000 {
        return at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    }
    if nanos != 0 {
        out.push(b'.');
        if nanos.is_multiple_of(1_000_000) {
            push_digits(&mut out, nanos / 1_000_000, 3);
        } else if nanos.is_multiple_of(1_000) {
            push_digits(&mut out, nanos / 1_000, 6);
        } else {
            push_digits(&mut out, nanos, 9);
        }
    }
    out.push(b'Z');
    String::from_utf8(out).unwrap_or_default()
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
