//! `UtcTimestamp`: the SQL type of every stored instant, read and written as `DateTime<Utc>` on
//! both backends, so rows hold UTC instants from the moment they are read.
//!
//! The columns stay what they were (PostgreSQL `TIMESTAMP`, SQLite text as diesel wrote it,
//! `2026-03-03 14:00:00.25`): stored data and SQL comparisons are unchanged. On SQLite the text is
//! read and written by hand. diesel tries up to 18 chrono formats per value, a tenth of a task
//! page's time (perf, bench/run); a value in none of the expected shapes still goes through
//! diesel's own reader, and one that nothing reads fails the row.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{HasSqlType, Timestamp};
use diesel::sqlite::{Sqlite, SqliteValue};

use super::{MultiBackend, MultiRawValue};

/// An instant in UTC: `TIMESTAMP` on PostgreSQL, text on SQLite.
#[derive(
    Debug, Clone, Copy, Default, diesel::sql_types::SqlType, diesel::query_builder::QueryId,
)]
#[diesel(postgres_type(oid = 1114, array_oid = 1115))]
#[diesel(sqlite_type(name = "Text"))]
pub struct UtcTimestamp;

/// Instants order as time does (text in this one format orders so too), so `MIN` and `MAX` apply.
impl diesel::sql_types::SqlOrd for UtcTimestamp {}

impl HasSqlType<UtcTimestamp> for MultiBackend {
    fn metadata(lookup: &mut Self::MetadataLookup) -> Self::TypeMetadata {
        Self::lookup_sql_type::<UtcTimestamp>(lookup)
    }
}

impl FromSql<UtcTimestamp, Pg> for DateTime<Utc> {
    fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(bytes).map(|at| at.and_utc())
    }
}

impl ToSql<UtcTimestamp, Pg> for DateTime<Utc> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        let naive = self.naive_utc();
        <NaiveDateTime as ToSql<Timestamp, Pg>>::to_sql(&naive, &mut out.reborrow())
    }
}

impl FromSql<UtcTimestamp, Sqlite> for DateTime<Utc> {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        if let Some(at) = parse(value.read_text()) {
            return Ok(at);
        }
        <NaiveDateTime as FromSql<Timestamp, Sqlite>>::from_sql(value).map(|at| at.and_utc())
    }
}

impl ToSql<UtcTimestamp, Sqlite> for DateTime<Utc> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(format(self));
        Ok(IsNull::No)
    }
}

impl FromSql<UtcTimestamp, MultiBackend> for DateTime<Utc> {
    fn from_sql(bytes: MultiRawValue<'_>) -> deserialize::Result<Self> {
        bytes.from_sql::<Self, UtcTimestamp>()
    }
}

/// An instant as a bound value: `column.eq(Stamp(at))`, and the instants of `Insertable` and
/// `AsChangeset` rows. diesel's blanket impls leave `DateTime<Utc>` itself no way to be one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, diesel::AsExpression)]
#[diesel(sql_type = UtcTimestamp)]
pub struct Stamp(pub DateTime<Utc>);

impl From<DateTime<Utc>> for Stamp {
    fn from(at: DateTime<Utc>) -> Self {
        Self(at)
    }
}

impl ToSql<UtcTimestamp, Pg> for Stamp {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        ToSql::<UtcTimestamp, Pg>::to_sql(&self.0, out)
    }
}

impl ToSql<UtcTimestamp, Sqlite> for Stamp {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        ToSql::<UtcTimestamp, Sqlite>::to_sql(&self.0, out)
    }
}

impl ToSql<UtcTimestamp, MultiBackend> for Stamp {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((UtcTimestamp, &self.0));
        Ok(IsNull::No)
    }
}

/// chrono's `%F %T%.f`, which diesel wrote: fractional seconds only when present. Truncated to
/// microseconds, as PostgreSQL keeps them, so both backends hand back the same instant.
fn format(at: &DateTime<Utc>) -> String {
    let at = crate::clock::truncate(*at);
    match crate::instant_text::date_time(&at, b' ') {
        // Only ASCII digits and separators were written.
        Some(text) => String::from_utf8(text).unwrap_or_default(),
        None => at.naive_utc().format("%F %T%.f").to_string(),
    }
}

fn number(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `YYYY-MM-DD HH:MM:SS` with an optional fraction of 1 to 9 digits; `None` for anything else.
fn parse(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' {
        return None;
    }
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            number(digits)? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(&b[0..4])?).ok()?,
        number(&b[5..7])?,
        number(&b[8..10])?,
    )?;
    let time = NaiveTime::from_hms_nano_opt(
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
        nanos,
    )?;
    Some(date.and_time(time).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn instants() -> Vec<DateTime<Utc>> {
        let base = Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 59).unwrap();
        let mut all = vec![Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap()];
        for (i, nanos) in [0, 250_000_000, 123_456_000, 1_000, 7, 999_999_999]
            .into_iter()
            .enumerate()
        {
            let at =
                base + chrono::Duration::days(i as i64 * 97) + chrono::Duration::nanoseconds(nanos);
            all.push(at);
        }
        all
    }

    #[test]
    fn writes_the_text_diesel_wrote_to_the_microsecond() {
        for at in instants() {
            let micros = crate::clock::truncate(at);
            assert_eq!(
                format(&at),
                micros.naive_utc().format("%F %T%.f").to_string()
            );
        }
    }

    #[test]
    fn reads_what_it_writes_and_what_sqlite_writes() {
        for at in instants() {
            assert_eq!(parse(&format(&at)), Some(crate::clock::truncate(at)));
        }
        assert_eq!(
            parse("2026-11-27 09:05:01"),
            Some(Utc.with_ymd_and_hms(2026, 11, 27, 9, 5, 1).unwrap())
        );
        assert_eq!(
            parse("2026-11-27 09:05:01.5").map(|at| at.timestamp_subsec_millis()),
            Some(500)
        );
    }

    #[test]
    fn refuses_other_shapes_and_impossible_days() {
        for text in [
            "2026-02-30 10:00:00",
            "2026-11-27T09:05:01",
            "2026-11-27 09:05:01Z",
            "2026-11-27 09:05:01.",
            "2026-11-27 24:00:00",
            "2026-11-27 09:05:01.1234567890",
            "2026-1-27 09:05:01",
            "not a time at all",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
