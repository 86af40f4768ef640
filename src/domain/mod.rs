//! Domain values parsed from requests: once built, they cannot hold an invalid value. `facts`
//! holds what the rule engine plans from, as the store loads it.
//! Each parser returns the message a client sees for that field; `Fields` gathers them so a
//! request with three bad fields hears about all three at once.

mod account;
pub mod enums;
pub mod facts;
mod id;
mod instant;
pub mod nullable;
pub mod posting;
pub mod scope;
mod text;
pub(crate) mod text_column;
mod user_fields;
mod whole;

pub use account::{
    EMAIL_MAX, Email, PASSWORD_MAX, Password, Strengths, TimeZone, TimeZoneName, email_schema,
    strengths_schema, time_zones,
};
pub use id::Id;
pub use instant::{Day, Instant};
pub use text::{
    LONG, MEDIUM, PHONE, SHORT, bounded, optional_bounded, required, required_pattern,
    text_pattern, text_schema,
};
pub use user_fields::UserFields;
pub use whole::Whole;

/// A list that names at least one thing and none twice (`what`: "scope", "event type").
pub fn each_once<T: Ord>(items: &[T], what: &str) -> Result<(), String> {
    if items.is_empty() {
        return Err(format!("must name at least one {what}"));
    }
    let unique: std::collections::BTreeSet<&T> = items.iter().collect();
    if unique.len() != items.len() {
        return Err(format!("must not name a {what} twice"));
    }
    Ok(())
}

/// One invalid input: which field (a dotted path for nested ones) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    #[schema(example = "email")]
    pub field: String,
    /// Where the value is in the request body, as a JSON Pointer (RFC 6901): `/email`,
    /// `/strengths/2`; `""` for the body as a whole. Absent when the field is a query
    /// parameter or a header, or the body is not JSON (a vCard).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "/email", nullable = false)]
    pub pointer: Option<String>,
    #[schema(example = "is not a valid email address")]
    pub message: String,
}

impl FieldError {
    /// A field of the request body.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        Self {
            pointer: Some(pointer(&field)),
            field,
            message: message.into(),
        }
    }

    /// A query parameter or a header: there is no body to point into.
    pub fn parameter(name: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: name.into(),
            pointer: None,
            message: message.into(),
        }
    }
}

/// `strengths[2]` as `/strengths/2`, `filter.companies` as `/filter/companies`; `body` (the whole
/// of it) as `""`.
fn pointer(field: &str) -> String {
    if field == "body" {
        return String::new();
    }
    let mut pointer = String::with_capacity(field.len() + 1);
    for part in field.split(['.', '[']) {
        let part = part.strip_suffix(']').unwrap_or(part);
        if part.is_empty() {
            continue;
        }
        pointer.push('/');
        pointer.push_str(&part.replace('~', "~0").replace('/', "~1"));
    }
    pointer
}

/// A request that does not make valid domain values: every invalid field, with why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} invalid field(s)", .0.len())]
pub struct Invalid(pub Vec<FieldError>);

/// Collects field errors while a request is converted into domain values.
#[derive(Debug, Default)]
pub struct Fields {
    errors: Vec<FieldError>,
}

impl Fields {
    /// Keeps the value, or records why `field` is invalid.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(message) => {
                self.errors.push(FieldError::new(field, message));
                None
            }
        }
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Some(value)` checked with `parse`; absent stays absent.
    pub fn optional<T, U>(
        &mut self,
        field: &str,
        value: Option<T>,
        parse: impl FnOnce(T) -> Result<U, String>,
    ) -> Option<U> {
        value.and_then(|v| self.check(field, parse(v)))
    }

    /// Optional text on create: absent or blank is `None`.
    pub fn text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        self.check(field, optional_bounded(value, max)).flatten()
    }

    /// Nullable text on a patch: absent stays `None`, `null` or blank clears (`Some(None)`).
    pub fn patch_text(
        &mut self,
        field: &str,
        value: Option<Option<String>>,
        max: usize,
    ) -> Option<Option<String>> {
        match value {
            None => None,
            Some(None) => Some(None),
            Some(Some(text)) => self.check(field, optional_bounded(Some(&text), max)),
        }
    }

    /// Ok when no field was invalid.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }

    /// The validation error to answer; call when some `check` returned `None`.
    pub fn into_error(self) -> Invalid {
        Invalid(self.errors)
    }
}

#[cfg(test)]
mod pointer_tests {
    #[test]
    fn fields_become_json_pointers() {
        for (field, pointer) in [
            ("email", "/email"),
            ("strengths[2]", "/strengths/2"),
            ("filter.companies[0]", "/filter/companies/0"),
            ("a/b~c", "/a~1b~0c"),
            ("body", ""),
        ] {
            assert_eq!(super::pointer(field), pointer, "{field}");
        }
    }
}
