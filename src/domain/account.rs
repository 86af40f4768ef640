//! Account values: email, password, time zone and the user's strengths.

use std::str::FromStr;

use super::text::required;

pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 256;
pub const STRENGTHS_MAX: usize = 20;
pub const STRENGTH_MAX_CHARS: usize = 200;

/// A syntactically plausible address, lower-cased so that lookups ignore case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let email = raw.trim().to_lowercase();
        let invalid = || "is not a valid email address".to_string();
        if email.chars().count() > EMAIL_MAX {
            return Err(format!("must be at most {EMAIL_MAX} characters"));
        }
        let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
        let well_formed = !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if well_formed {
            Ok(Self(email))
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

/// An IANA time zone name such as `Europe/Paris`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    pub fn parse(raw: &str) -> Result<Self, String> {
        chrono_tz::Tz::from_str(raw.trim())
            .map(Self)
            .map_err(|_| "is not an IANA time zone such as Europe/Paris".into())
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strengths(Vec<String>);

impl Strengths {
    pub fn parse(raw: &[String]) -> Result<Self, String> {
        if raw.len() > STRENGTHS_MAX {
            return Err(format!("must list at most {STRENGTHS_MAX} strengths"));
        }
        raw.iter()
            .enumerate()
            .map(|(i, s)| {
                required(s, STRENGTH_MAX_CHARS).map_err(|message| format!("item {i} {message}"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<String> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Ada@Example.COM ").map(|e| e.as_str().to_string()),
            Ok("ada@example.com".to_string())
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "a@@b.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
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
        assert!(Strengths::parse(&["ten years of Rust".into()]).is_ok());
        assert!(Strengths::parse(&["  ".into()]).is_err());
        assert!(Strengths::parse(&vec!["x".to_string(); STRENGTHS_MAX + 1]).is_err());
    }
}
