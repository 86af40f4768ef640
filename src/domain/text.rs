//! Length-bounded text: every string the API stores has a maximum length.

/// Names, titles, companies, positions.
pub const SHORT: usize = 200;
/// Phone and fax numbers.
pub const PHONE: usize = 50;
/// Addresses, locations.
pub const MEDIUM: usize = 1_000;
/// Notes, insights, drafts.
pub const LONG: usize = 10_000;

/// Trimmed text of 1..=`max` characters.
pub fn required(value: &str, max: usize) -> Result<String, String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    bounded(trimmed, max)
}

/// Trimmed text of at most `max` characters (may be empty).
pub fn bounded(value: &str, max: usize) -> Result<String, String> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err("must not contain control characters".into());
    }
    Ok(trimmed.to_string())
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
    fn control_characters_are_refused() {
        assert!(bounded("a\u{0}b", 10).is_err());
        assert!(bounded("line\nline", 20).is_ok());
    }
}
