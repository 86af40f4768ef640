//! Length-bounded text: every string the API stores has a maximum length, and no control
//! characters but tab and newline. Each rule is stated twice, in one place: as the check the
//! server runs and as the schema the OpenAPI document publishes (`maxLength` in characters, and a
//! `pattern`), so that a client generated from the document sends only what the server accepts.

/// Names, titles, companies, positions.
pub const SHORT: usize = 200;
/// Phone and fax numbers.
pub const PHONE: usize = 50;
/// Addresses, locations.
pub const MEDIUM: usize = 1_000;
/// Notes, insights, drafts.
pub const LONG: usize = 10_000;

/// Rust's `char::is_whitespace` (Unicode `White_Space`), spelled out for a regular expression:
/// `\s` means something slightly different in each engine that reads the document.
const WHITE: &str = r"\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// Control characters (Unicode `Cc`) other than tab and newline.
const CONTROL: &str = r"\x00-\x08\x0B-\x1F\x7F-\x9F";

/// Text without control characters (tab and newline allowed).
pub fn text_pattern() -> String {
    format!("^[^{CONTROL}]*$")
}

/// The same, holding at least one character that is not white space.
pub fn required_pattern() -> String {
    format!("^[^{CONTROL}]*[^{CONTROL}{WHITE}][^{CONTROL}]*$")
}

fn is_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The schema of a text field: `MAX` characters at most; `REQUIRED` when it must hold more than
/// white space; `NULLABLE` when `null` is accepted (as "leave unchanged" or "clear").
pub fn text_schema<const MAX: usize, const REQUIRED: bool, const NULLABLE: bool>()
-> utoipa::openapi::Object {
    use utoipa::openapi::schema::{SchemaType, Type};
    let schema_type = if NULLABLE {
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    };
    let pattern = if REQUIRED {
        required_pattern()
    } else {
        text_pattern()
    };
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(schema_type)
        .min_length(REQUIRED.then_some(1))
        .max_length(Some(MAX))
        .pattern(Some(pattern))
        .build()
}

/// Text of 1..=`max` characters as sent, without control characters, stored trimmed. Checked
/// as sent, as the schema reads it: white space trimmed off is no way past the limits.
pub fn required(value: &str, max: usize) -> Result<String, String> {
    let trimmed = bounded(value, max)?;
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    Ok(trimmed)
}

/// Text of at most `max` characters as sent (may be empty), stored trimmed.
pub fn bounded(value: &str, max: usize) -> Result<String, String> {
    if value.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if value.chars().any(is_control) {
        return Err("must not contain control characters".into());
    }
    Ok(value.trim().to_string())
}

/// `None` stays `None`; blank text becomes `None` so clients can clear a field with "".
pub fn optional_bounded(value: Option<&str>, max: usize) -> Result<Option<String>, String> {
    match value {
        None => Ok(None),
        Some(v) => bounded(v, max).map(|t| (!t.is_empty()).then_some(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_counted_in_characters_not_bytes() {
        assert!(required(&"é".repeat(10), 10).is_ok());
        assert!(required(&"é".repeat(11), 10).is_err());
    }

    #[test]
    fn blank_is_not_a_value() {
        assert!(required("   ", 10).is_err());
        assert_eq!(optional_bounded(Some("  "), 10), Ok(None));
        assert_eq!(optional_bounded(Some(" a "), 10), Ok(Some("a".into())));
    }

    #[test]
    fn the_length_is_that_of_the_text_as_sent() {
        assert!(bounded(" abc ", 5).is_ok());
        assert!(bounded(" abcd ", 5).is_err());
        assert!(required(" abcd ", 5).is_err());
        // U+0085 trims as white space, but it is a control character as sent.
        assert!(required("abc\u{85}\u{85}", 10).is_err());
    }

    /// The published patterns say what the checks do, character by character, as a JSON Schema
    /// validator reads them.
    #[test]
    fn patterns_agree_with_the_checks() {
        let matcher = |pattern: String| {
            jsonschema::validator_for(&serde_json::json!({"pattern": pattern}))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let (text, required_re) = (matcher(text_pattern()), matcher(required_pattern()));
        let samples = [
            "",
            " ",
            "a",
            " a ",
            "\t\n",
            "\u{3000}",
            "\u{a0}x",
            "a\u{0}b",
            "\r",
            "\u{85}",
            "\u{feff}",
            "\u{200b}",
            "x\u{7f}",
            "line\nline",
            "\u{2028}",
            "é",
            "\u{1680}",
        ];
        for sample in samples {
            let value = serde_json::json!(sample);
            assert_eq!(
                text.is_valid(&value),
                bounded(sample, 100).is_ok(),
                "text {sample:?}"
            );
            assert_eq!(
                required_re.is_valid(&value),
                required(sample, 100).is_ok(),
                "required {sample:?}"
            );
        }
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(bounded("a\u{0}b", 10).is_err());
        assert!(bounded("line\nline", 20).is_ok());
    }
}
