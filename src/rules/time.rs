//! Placing tasks in the user's own time: calls go in business hours (09:00–17:00 local, Monday
//! to Friday); a call that would fall outside moves to the next business morning.

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;

const OPEN: u32 = 9;
const CLOSE: u32 = 17;

fn is_business_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// 09:00 local on `date`, as UTC. A DST gap at 09:00 (none exists today) moves to the first
/// instant after it.
pub fn opening(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let mut local = date.and_time(NaiveTime::MIN) + chrono::Duration::hours(i64::from(OPEN));
    for _ in 0..4 {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(at) => return at.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => local += chrono::Duration::minutes(30),
        }
    }
    Utc.from_utc_datetime(&local)
}

/// The first business day on or after `date`.
fn business_day_from(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    while !is_business_day(day) {
        day = day + Days::new(1);
    }
    day
}

/// The first business morning strictly after `date`.
pub fn next_business_morning(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    opening(business_day_from(date + Days::new(1)), tz)
}

/// The business morning `days` business days before the local day of `at`.
pub fn business_days_before(at: DateTime<Utc>, days: u32, tz: Tz) -> DateTime<Utc> {
    let mut day = at.with_timezone(&tz).date_naive();
    let mut left = days;
    while left > 0 {
        day = day - Days::new(1);
        if is_business_day(day) {
            left -= 1;
        }
    }
    opening(day, tz)
}

/// `at` if it falls in business hours in `tz`, else the next business morning.
pub fn business_hours(at: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let local = at.with_timezone(&tz);
    let date = local.date_naive();
    if !is_business_day(date) {
        return opening(business_day_from(date), tz);
    }
    match local.hour() {
        h if h < OPEN => opening(date, tz),
        h if h >= CLOSE => next_business_morning(date, tz),
        _ => at,
    }
}

/// `at` if it falls in business hours in `tz`, else the business morning before it: what a
/// time counted back from a fact ("a week before the decision") moves to, so that it stays
/// before that fact.
pub fn business_hours_before(at: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let local = at.with_timezone(&tz);
    let mut date = local.date_naive();
    if is_business_day(date) && (OPEN..CLOSE).contains(&local.hour()) {
        return at;
    }
    if !is_business_day(date) || local.hour() < OPEN {
        date = date - Days::new(1);
        while !is_business_day(date) {
            date = date - Days::new(1);
        }
    }
    opening(date, tz)
}

/// The start of the day after `date` in `tz`: the instant a date "has passed".
pub fn end_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let next = (date + Days::new(1)).and_time(NaiveTime::MIN);
    match tz.from_local_datetime(&next) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
        LocalResult::None => Utc.from_utc_datetime(&next),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("rfc3339")
            .with_timezone(&Utc)
    }

    #[test]
    fn counted_back_a_time_outside_business_hours_moves_earlier() {
        let tz = chrono_tz::UTC;
        // Saturday and Sunday go back to Friday's morning, an early Tuesday to Monday's.
        for (at, expected) in [
            ("2026-03-07T10:00:00Z", "2026-03-06T09:00:00Z"),
            ("2026-03-08T23:00:00Z", "2026-03-06T09:00:00Z"),
            ("2026-03-10T07:00:00Z", "2026-03-09T09:00:00Z"),
            ("2026-03-10T18:00:00Z", "2026-03-10T09:00:00Z"),
            ("2026-03-10T11:30:00Z", "2026-03-10T11:30:00Z"),
        ] {
            assert_eq!(business_hours_before(utc(at), tz), utc(expected), "{at}");
            assert!(business_hours_before(utc(at), tz) <= utc(at));
        }
    }

    #[test]
    fn a_business_day_before_a_monday_is_the_friday() {
        let monday = utc("2026-03-09T14:00:00Z");
        assert_eq!(
            business_days_before(monday, 1, chrono_tz::UTC),
            utc("2026-03-06T09:00:00Z")
        );
        let wednesday = utc("2026-03-11T14:00:00Z");
        assert_eq!(
            business_days_before(wednesday, 2, chrono_tz::UTC),
            utc("2026-03-09T09:00:00Z")
        );
    }

    #[test]
    fn calls_inside_business_hours_stay() {
        let at = utc("2026-03-04T10:30:00Z"); // Wednesday
        assert_eq!(business_hours(at, chrono_tz::UTC), at);
    }

    #[test]
    fn evenings_move_to_the_next_morning_and_weekends_to_monday() {
        let tz = chrono_tz::Europe::Paris;
        // Friday 18:00 Paris -> Monday 09:00 Paris (08:00 UTC in winter).
        assert_eq!(
            business_hours(utc("2026-03-06T17:00:00Z"), tz),
            utc("2026-03-09T08:00:00Z")
        );
        // Saturday noon -> Monday 09:00.
        assert_eq!(
            business_hours(utc("2026-03-07T11:00:00Z"), tz),
            utc("2026-03-09T08:00:00Z")
        );
        // Tuesday 07:00 local -> same day 09:00.
        assert_eq!(
            business_hours(utc("2026-03-03T06:00:00Z"), tz),
            utc("2026-03-03T08:00:00Z")
        );
        // 17:00 sharp is closed.
        assert_eq!(
            business_hours(utc("2026-03-03T16:00:00Z"), tz),
            utc("2026-03-04T08:00:00Z")
        );
    }

    #[test]
    fn mornings_follow_daylight_saving_time() {
        let tz = chrono_tz::America::New_York;
        // DST starts Sunday 8 March 2026: Friday evening -> Monday 09:00 EDT = 13:00 UTC.
        let placed = business_hours(utc("2026-03-06T23:00:00Z"), tz);
        assert_eq!(placed, utc("2026-03-09T13:00:00Z"));
        assert_eq!(placed.with_timezone(&tz).hour(), 9);
        // The Friday before, 09:00 EST = 14:00 UTC.
        assert_eq!(
            business_hours(utc("2026-03-06T12:00:00Z"), tz),
            utc("2026-03-06T14:00:00Z")
        );
    }

    #[test]
    fn a_date_passes_at_local_midnight() {
        let tz = chrono_tz::Asia::Tokyo;
        let date = NaiveDate::from_ymd_opt(2026, 3, 20).expect("date");
        assert_eq!(end_of_day(date, tz), utc("2026-03-20T15:00:00Z"));
        // Friday 20 March -> next business morning Monday 23rd.
        assert_eq!(next_business_morning(date, tz), utc("2026-03-23T00:00:00Z"));
    }
}
