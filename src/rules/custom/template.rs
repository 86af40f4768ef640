//! Title and description templates: text with `{company}`, `{position}`, `{name}` and `{title}`,
//! filled from the interview, person or reference a task is for.

/// The fields a template may use.
pub const FIELDS: &[&str] = &["company", "position", "name", "title"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(String);

/// The values of a template's fields for one task; a field without a value is left out.
#[derive(Debug, Default)]
pub struct Values<'a> {
    pub company: Option<&'a str>,
    pub position: Option<&'a str>,
    pub name: Option<&'a str>,
    pub title: Option<&'a str>,
}

impl Template {
    /// The template, if every `{…}` in it is one of `allowed`.
    pub fn parse(text: &str, allowed: &[&str]) -> Result<Self, String> {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err("has a `{` that is not closed".into());
            };
            let field = &after[..close];
            if !FIELDS.contains(&field) {
                return Err(format!(
                    "`{{{field}}}` is not a template field; use {}",
                    list(FIELDS)
                ));
            }
            if !allowed.contains(&field) {
                return Err(format!(
                    "`{{{field}}}` has no value for this target; it can use {}",
                    list(allowed)
                ));
            }
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            return Err("has a `}` that was not opened".into());
        }
        Ok(Self(text.to_string()))
    }

    pub fn render(&self, values: &Values) -> String {
        let mut out = self.0.clone();
        for (field, value) in [
            ("company", values.company),
            ("position", values.position),
            ("name", values.name),
            ("title", values.title),
        ] {
            out = out.replace(&format!("{{{field}}}"), value.unwrap_or("").trim());
        }
        // A field without a value leaves "()" or a double space behind.
        let out = out.replace("()", "").replace(" ,", ",");
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn list(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| format!("{{{f}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_name_their_fields_or_are_refused() {
        let t = Template::parse("Connect with {name} ({title}) at {company}", FIELDS).unwrap();
        let values = Values {
            company: Some("Acme"),
            name: Some("Maria Lopez"),
            ..Values::default()
        };
        assert_eq!(t.render(&values), "Connect with Maria Lopez at Acme");
        assert!(
            Template::parse("Hi {nmae}", FIELDS)
                .unwrap_err()
                .contains("{nmae}")
        );
        assert!(Template::parse("Hi {name", FIELDS).is_err());
        assert!(Template::parse("Hi name}", FIELDS).is_err());
        assert!(
            Template::parse("Call {name}", &["company", "position"])
                .unwrap_err()
                .contains("no value")
        );
    }
}
