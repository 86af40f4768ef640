//! Account values: email, password, time zone and the user's strengths.

use std::str::FromStr;

use super::text::required;

pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 256;
pub const STRENGTHS_MAX: usize = 20;
pub const STRENGTH_MAX_CHARS: usize = 200;

/// A syntactically plausible address, lower-cased so that lookups ignore case: one `@` with
/// something before it, a domain with a dot inside it, and no white space or control characters
/// anywhere. `email_pattern` states the same rule for the OpenAPI document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

/// Neither `@`, white space (Rust's `char::is_whitespace`) nor a control character.
const EMAIL_CHAR: &str = r"[^@\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";
/// The same, and not a dot.
const DOMAIN_EDGE: &str =
    r"[^@.\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";

/// What `Email::parse` accepts, as a regular expression.
pub fn email_pattern() -> String {
    format!("^{EMAIL_CHAR}+@{DOMAIN_EDGE}{EMAIL_CHAR}*\\.{EMAIL_CHAR}*{DOMAIN_EDGE}$")
}

/// The schema of an email field; `CLEARABLE` also takes `""` and `null` (a contact's address).
pub fn email_schema<const CLEARABLE: bool>() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{SchemaType, Type};
    let (schema_type, pattern) = if CLEARABLE {
        let body = email_pattern();
        let body = &body[1..body.len() - 1];
        (
            SchemaType::from_iter([Type::String, Type::Null]),
            format!("^(?:{body})?$"),
        )
    } else {
        (SchemaType::Type(Type::String), email_pattern())
    };
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(schema_type)
        .max_length(Some(EMAIL_MAX))
        .pattern(Some(pattern))
        .examples([serde_json::json!("ada@example.com")])
        .build()
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let invalid = || "is not a valid email address".to_string();
        if raw.chars().count() > EMAIL_MAX {
            return Err(format!("must be at most {EMAIL_MAX} characters"));
        }
        let (local, domain) = raw.split_once('@').ok_or_else(invalid)?;
        let well_formed = !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !raw.chars().any(|c| c.is_whitespace() || c.is_control());
        if well_formed {
            Ok(Self(raw.to_lowercase()))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password of reasonable length; never logged, never stored as given.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub fn parse(raw: String) -> Result<Self, String> {
        let length = raw.chars().count();
        if length < PASSWORD_MIN {
            return Err(format!("must be at least {PASSWORD_MIN} characters"));
        }
        if length > PASSWORD_MAX {
            return Err(format!("must be at most {PASSWORD_MAX} characters"));
        }
        Ok(Self(raw))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone name such as `Europe/Paris`. Stored as its name; a stored name that is no
/// time zone fails the read, rather than planning in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct TimeZone(chrono_tz::Tz);

super::text_column::text_column!(TimeZone, |zone| zone.0.name(), |name| {
    chrono_tz::Tz::from_str(&name)
        .map(TimeZone)
        .map_err(|_| format!("a stored time zone is not one: {name:?}"))
});

/// An IANA time zone name, as the document states it: a string, since the IANA database grows
/// and a client built today must not refuse a zone added next year. The server accepts the
/// names `GET /v1/time-zones` lists: those it knows, less the fixed-offset names with a sign
/// (`Etc/GMT+5`, `GMT-0`), whose sign reads backwards; a city names the same offset and its
/// daylight saving too.
pub struct TimeZoneName;

/// The longest name the IANA database holds is 32 characters (`America/Argentina/ComodRivadavia`).
pub const TIME_ZONE_MAX_CHARS: usize = 40;

fn offered(name: &str) -> bool {
    !name
        .as_bytes()
        .windows(2)
        .any(|w| matches!(w[0], b'+' | b'-') && w[1].is_ascii_digit())
}

/// The time zones a user may choose, in the order the document lists them.
pub fn time_zones() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|name| offered(name))
}

impl utoipa::PartialSchema for TimeZoneName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "An IANA time zone name such as `Europe/London`: one of those `GET \
                 /v1/time-zones` lists; another is 422.",
            ))
            .min_length(Some(1))
            .max_length(Some(TIME_ZONE_MAX_CHARS))
            .examples([serde_json::json!("Europe/London")])
            .into()
    }
}

impl utoipa::ToSchema for TimeZoneName {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("TimeZone")
    }
}

/// The schema of `strengths`: at most 20, each 1 to 200 characters of more than white space.
pub fn strengths_schema<const NULLABLE: bool>() -> utoipa::openapi::Array {
    use utoipa::openapi::schema::{SchemaType, Type};
    let schema_type = if NULLABLE {
        SchemaType::from_iter([Type::Array, Type::Null])
    } else {
        SchemaType::Type(Type::Array)
    };
    utoipa::openapi::schema::ArrayBuilder::new()
        .schema_type(schema_type)
        .items(super::text_schema::<STRENGTH_MAX_CHARS, true, false>())
        .max_items(Some(STRENGTHS_MAX))
        .build()
}

impl TimeZone {
    pub fn parse(raw: &str) -> Result<Self, String> {
        chrono_tz::Tz::from_str(raw)
            .ok()
            .filter(|_| offered(raw))
            .ok_or(())
            .map(Self)
            .map_err(|_| {
                "is not a time zone this server knows: GET /v1/time-zones lists them".into()
            })
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }
}

impl Default for TimeZone {
    fn default() -> Self {
        Self(chrono_tz::UTC)
    }
}

/// The assets a user restates in thank-you notes and calls: a short list of short strings.
/// Stored as a JSON array; stored text that is not one fails the read.
#[derive(Debug, Clone, Default, PartialEq, Eq, diesel::FromSqlRow)]
pub struct Strengths(Vec<String>);

impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for Strengths
where
    DB: diesel::backend::Backend,
    String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
        let text = String::from_sql(bytes)?;
        serde_json::from_str(&text).map(Self).map_err(|err| {
            format!("stored strengths are not a JSON array of strings: {err}").into()
        })
    }
}

impl Strengths {
    /// At most `STRENGTHS_MAX` strengths of 1 to `STRENGTH_MAX_CHARS` characters each, trimmed;
    /// each item's mistake is recorded under its own field (`strengths[2]`), every one of them,
    /// so a form can mark the very line.
    pub fn check(fields: &mut super::Fields, name: &str, raw: &[String]) -> Option<Self> {
        if raw.len() > STRENGTHS_MAX {
            fields.check::<()>(
                name,
                Err(format!("must list at most {STRENGTHS_MAX} strengths")),
            );
            return None;
        }
        let mut items = Vec::with_capacity(raw.len());
        let mut fit = true;
        for (i, item) in raw.iter().enumerate() {
            match fields.check(&format!("{name}[{i}]"), required(item, STRENGTH_MAX_CHARS)) {
                Some(item) => items.push(item),
                None => fit = false,
            }
        }
        fit.then_some(Self(items))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<String> {
        self.0
    }

    /// The column value: a JSON array.
    pub fn to_json(&self) -> String {
        serde_json::Value::from(self.0.clone()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOT_EMAILS: [&str; 11] = [
        "",
        "ada",
        "ada@",
        "@example.com",
        "ada@example",
        "a b@example.com",
        "a@@b.com",
        " ada@example.com",
        "ada@example.com\u{a0}",
        "ada@.com",
        "ada@com.",
    ];

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("Ada@Example.COM").map(|e| e.as_str().to_string()),
            Ok("ada@example.com".to_string())
        );
        for bad in NOT_EMAILS {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    /// The document's pattern accepts exactly what `Email::parse` accepts.
    #[test]
    fn the_published_pattern_is_the_check() {
        let strict = jsonschema::validator_for(&serde_json::json!(email_schema::<false>()))
            .unwrap_or_else(|e| panic!("{e}"));
        let clearable = jsonschema::validator_for(&serde_json::json!(email_schema::<true>()))
            .unwrap_or_else(|e| panic!("{e}"));
        let others = [
            "a@b.c",
            "A.B+tag@Ex-ample.co.uk",
            "é@ü.de",
            "a@b..c",
            "a\u{7f}@b.c",
            "a@b.c\u{2028}",
            "\u{feff}@b.c",
        ];
        let samples = NOT_EMAILS.iter().chain(others.iter());
        for sample in samples {
            let value = serde_json::json!(sample);
            assert_eq!(
                strict.is_valid(&value),
                Email::parse(sample).is_ok(),
                "{sample:?}"
            );
            assert_eq!(
                clearable.is_valid(&value),
                sample.is_empty() || Email::parse(sample).is_ok(),
                "clearable {sample:?}"
            );
        }
        assert!(clearable.is_valid(&serde_json::Value::Null));
    }

    /// Each offered zone stays distinct when a client generator makes it an identifier
    /// (upper case, every other character `_`), and the server takes exactly those.
    #[test]
    fn offered_time_zones_make_distinct_identifiers() {
        let mut seen = std::collections::HashMap::new();
        for name in time_zones() {
            let key: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            assert!(TimeZone::parse(name).is_ok(), "{name}");
            if let Some(other) = seen.insert(key.clone(), name) {
                panic!("{name} and {other} both become {key}");
            }
        }
        assert!(seen.len() > 400);
        assert!(TimeZone::parse("Etc/GMT+5").is_err());
        assert!(TimeZone::parse("America/Port-au-Prince").is_ok());
    }

    #[test]
    fn passwords_have_bounds_and_hide_in_debug() {
        assert!(Password::parse("short".into()).is_err());
        assert!(Password::parse("x".repeat(PASSWORD_MAX + 1)).is_err());
        let p = Password::parse("correct horse".into()).expect("long enough");
        assert_eq!(format!("{p:?}"), "Password(***)");
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert_eq!(
            TimeZone::parse("Europe/Paris").map(|t| t.name()),
            Ok("Europe/Paris")
        );
        assert!(TimeZone::parse("Mars/Olympus").is_err());
        assert!(TimeZone::parse("").is_err());
    }

    #[test]
    fn strengths_are_short_and_not_blank() {
        let parse =
            |raw: &[String]| Strengths::check(&mut crate::domain::Fields::default(), "s", raw);
        assert!(parse(&["ten years of Rust".into()]).is_some());
        assert!(parse(&["  ".into()]).is_none());
        assert!(parse(&vec!["x".to_string(); STRENGTHS_MAX + 1]).is_none());
    }
}
