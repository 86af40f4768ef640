//! Instants written as text by hand, for the two places that write many of them: response bodies
//! (RFC 3339) and SQLite's columns (diesel's `%F %T%.f`). chrono's `Display`-based formatting was
//! a tenth of a task-list request (perf, bench/run).

use chrono::{DateTime, Datelike, Timelike, Utc};

/// `2026-03-03T14:00:00Z`, `2026-03-03T14:00:00.250Z`, `2026-03-03T14:00:00.123456Z`: exactly
/// chrono's own RFC 3339 in UTC (a test checks), written without it.
pub fn rfc3339(at: &DateTime<Utc>) -> String {
    match date_time(at, b'T') {
        Some(mut text) => {
            text.push(b'Z');
            // Only ASCII digits and separators were written.
            String::from_utf8(text).unwrap_or_default()
        }
        None => at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    }
}

fn push_digits(out: &mut Vec<u8>, value: u32, width: usize) {
    let mut digits = [b'0'; 9];
    let mut v = value;
    for slot in digits[..width].iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out.extend_from_slice(&digits[..width]);
}

/// `YYYY-MM-DD` `separator` `HH:MM:SS`, and the fraction of a second when there is one, in 3, 6
/// or 9 digits as chrono writes it. `None` for what only chrono writes right: a year outside
/// 0..=9999, or a leap second.
pub fn date_time(at: &DateTime<Utc>, separator: u8) -> Option<Vec<u8>> {
    let nanos = at.nanosecond();
    if !(0..=9999).contains(&at.year()) || nanos >= 1_000_000_000 {
        return None;
    }
    let mut out = Vec::with_capacity(32);
    push_digits(&mut out, at.year().unsigned_abs(), 4);
    out.push(b'-');
    push_digits(&mut out, at.month(), 2);
    out.push(b'-');
    push_digits(&mut out, at.day(), 2);
    out.push(separator);
    push_digits(&mut out, at.hour(), 2);
    out.push(b':');
    push_digits(&mut out, at.minute(), 2);
    out.push(b':');
    push_digits(&mut out, at.second(), 2);
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
    Some(out)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn rfc3339_matches_chronos_own_serialization() {
        let base = Utc
            .with_ymd_and_hms(2026, 3, 3, 14, 5, 9)
            .single()
            .expect("valid");
        for nanos in [0, 250_000_000, 123_456_000, 1_000, 7, 999_999_999] {
            let at = base + chrono::Duration::nanoseconds(nanos);
            let chrono_text = serde_json::to_string(&at).expect("json");
            assert_eq!(format!("\"{}\"", rfc3339(&at)), chrono_text, "{nanos}");
        }
        let early = Utc
            .with_ymd_and_hms(1, 1, 1, 0, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(
            format!("\"{}\"", rfc3339(&early)),
            serde_json::to_string(&early).expect("json")
        );
    }
}
