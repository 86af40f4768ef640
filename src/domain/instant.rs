//! Instants and days as requests carry them: RFC 3339 text whose year, as written, lies between
//! 1970 and 2200. A typo in the year is refused rather than planned for, and every instant the
//! server computes from one (a due time, a business morning) stays printable as RFC 3339.
//!
//! The rule is checked on the text as sent and published as the schema's `format` and `pattern`,
//! so the document and the server agree on every value, offsets near midnight included.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer};

const FIRST_YEAR: i32 = 1970;
const LAST_YEAR: i32 = 2200;
/// A day of those years, as RFC 3339 writes it (the format check rules out 30 February).
const DAY: &str =
    "^(?:19[7-9][0-9]|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])";
/// The time of day and offset that follow a day in an RFC 3339 date-time; no leap second.
const TIME: &str = "[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$";

/// A point in time from a request, in UTC, truncated to microseconds like every stored time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(pub DateTime<Utc>);

/// A calendar day from a request (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub NaiveDate);

fn written_year(text: &str) -> Result<(), String> {
    let year = text
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()) && text.as_bytes().get(4) == Some(&b'-'))
        .and_then(|y| y.parse::<i32>().ok());
    match year {
        Some(year) if (FIRST_YEAR..=LAST_YEAR).contains(&year) => Ok(()),
        Some(_) => Err(format!(
            "must be between the years {FIRST_YEAR} and {LAST_YEAR}"
        )),
        None => Err("must start with a four-digit year".into()),
    }
}

impl Instant {
    pub fn parse(text: &str) -> Result<Self, String> {
        written_year(text)?;
        // RFC 3339 separates date and time with `T` (or `t`); chrono would also take a space.
        if !matches!(text.as_bytes().get(10), Some(b'T' | b't')) {
            return Err("is not an RFC 3339 date-time such as 2026-03-03T14:00:00Z".into());
        }
        DateTime::parse_from_rfc3339(text)
            .ok()
            // A leap second (`23:59:60`) is not a time the plan can use.
            .filter(|at| at.timestamp_subsec_nanos() < 1_000_000_000)
            .map(|at| Self(crate::clock::truncate(at.with_timezone(&Utc))))
            .ok_or_else(|| "is not an RFC 3339 date-time such as 2026-03-03T14:00:00Z".into())
    }
}

impl Day {
    pub fn parse(text: &str) -> Result<Self, String> {
        written_year(text)?;
        if text.len() != 10 {
            return Err("is not a date such as 2026-03-20".into());
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Self)
            .map_err(|_| "is not a date such as 2026-03-20".into())
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn schema(
    format: utoipa::openapi::KnownFormat,
    pattern: String,
    description: &str,
    example: &str,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(format)))
        .pattern(Some(pattern))
        .description(Some(description))
        .examples([serde_json::json!(example)])
        .into()
}

impl utoipa::PartialSchema for Instant {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        schema(
            utoipa::openapi::KnownFormat::DateTime,
            format!("{DAY}{TIME}"),
            "An RFC 3339 date-time whose year, as written, is between 1970 and 2200.",
            "2026-03-03T14:00:00Z",
        )
    }
}

impl utoipa::ToSchema for Instant {}

impl utoipa::PartialSchema for Day {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        schema(
            utoipa::openapi::KnownFormat::Date,
            format!("{DAY}$"),
            "A date (`YYYY-MM-DD`) between the years 1970 and 2200.",
            "2026-03-20",
        )
    }
}

impl utoipa::ToSchema for Day {}

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    use super::*;

    #[test]
    fn the_year_is_checked_as_written() {
        assert!(Instant::parse("2200-12-31T23:00:00-02:00").is_ok());
        assert!(Instant::parse("1970-01-01T00:30:00+01:00").is_ok());
        assert!(Instant::parse("1969-12-31T23:00:00-02:00").is_err());
        assert!(Instant::parse("2201-01-01T00:00:00Z").is_err());
        assert!(Instant::parse("2026-03-03 14:00:00Z").is_err());
        assert_eq!(
            Instant::parse("2026-03-03t14:00:00.1234567z").map(|i| i.0.to_rfc3339()),
            Ok("2026-03-03T14:00:00.123456+00:00".to_string())
        );
        assert!(Day::parse("2026-02-30").is_err());
        assert!(Day::parse("1969-12-31").is_err());
        assert!(Day::parse("2026-03-20").is_ok());
    }

    /// The published schema accepts exactly what the parsers accept.
    #[test]
    fn the_schema_is_the_check() {
        let validator = |schema| {
            jsonschema::options()
                .should_validate_formats(true)
                .build(&serde_json::json!(schema))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let (instant, day) = (validator(Instant::schema()), validator(Day::schema()));
        for text in [
            "2026-03-03T14:00:00Z",
            "2026-03-03t14:00:00z",
            "2026-03-03 14:00:00Z",
            "1969-12-31T23:00:00Z",
            "2200-12-31T23:59:59.999999+23:59",
            "2201-01-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-03-03T24:00:00Z",
            "2026-03-03T14:00Z",
            "+2026-03-03T14:00:00Z",
        ] {
            let value = serde_json::json!(text);
            assert_eq!(
                instant.is_valid(&value),
                Instant::parse(text).is_ok(),
                "{text}"
            );
        }
        for text in [
            "2026-03-20",
            "2026-02-30",
            "1969-12-31",
            "2200-12-31",
            "2026-3-20",
            "20260320",
        ] {
            let value = serde_json::json!(text);
            assert_eq!(day.is_valid(&value), Day::parse(text).is_ok(), "{text}");
        }
    }
}
