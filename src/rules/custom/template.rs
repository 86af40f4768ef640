//! Title and description templates: text with `{company}`, `{position}`, `{name}` and `{title}`,
//! filled from the interview, person or reference a task is for.
//!
//! A template is parsed once into literal text and fields, and rendered in one pass over those
//! parts: a value is copied in as it is and never read as a template, so a company named
//! `{position}` stays that text. A rendered text is also cut to a fixed length, so no value can
//! make a task's title or reason grow past what the document promises.

/// The fields a template may use.
pub const FIELDS: &[&str] = &["company", "position", "name", "title"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(Field),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Company,
    Position,
    Name,
    Title,
}

impl Field {
    fn named(name: &str) -> Option<Self> {
        match name {
            "company" => Some(Self::Company),
            "position" => Some(Self::Position),
            "name" => Some(Self::Name),
            "title" => Some(Self::Title),
            _ => None,
        }
    }
}

/// The values of a template's fields for one task; a field without a value is left out.
#[derive(Debug, Default)]
pub struct Values<'a> {
    pub company: Option<&'a str>,
    pub position: Option<&'a str>,
    pub name: Option<&'a str>,
    pub title: Option<&'a str>,
}

impl Values<'_> {
    fn get(&self, field: Field) -> &str {
        let value = match field {
            Field::Company => self.company,
            Field::Position => self.position,
            Field::Name => self.name,
            Field::Title => self.title,
        };
        value.map_or("", str::trim)
    }
}

impl Template {
    /// The template, if every `{…}` in it is one of `allowed`.
    pub fn parse(text: &str, allowed: &[&str]) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err("has a `{` that is not closed".into());
            };
            let name = &after[..close];
            let field = Field::named(name).ok_or_else(|| {
                format!("`{{{name}}}` is not a template field; use {}", list(FIELDS))
            })?;
            if !allowed.contains(&name) {
                return Err(format!(
                    "`{{{name}}}` has no value for this target; it can use {}",
                    list(allowed)
                ));
            }
            if rest[..open].contains('}') {
                return Err("has a `}` that was not opened".into());
            }
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            parts.push(Part::Field(field));
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            return Err("has a `}` that was not opened".into());
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Ok(Self { parts })
    }

    /// The text with each field's value, on one line, at most `max` characters (cut with `…`).
    /// A field without a value takes the brackets written around it along: "Call Kim ({title})"
    /// without a title reads "Call Kim".
    pub fn render(&self, values: &Values, max: usize) -> String {
        let mut out = String::new();
        let mut skip_close = false;
        for (i, part) in self.parts.iter().enumerate() {
            match part {
                Part::Text(text) => {
                    let text = if skip_close {
                        text.strip_prefix(')').unwrap_or(text)
                    } else {
                        text
                    };
                    skip_close = false;
                    out.push_str(text);
                }
                Part::Field(field) => {
                    let value = values.get(*field);
                    let bracketed = out.ends_with('(')
                        && matches!(self.parts.get(i + 1), Some(Part::Text(t)) if t.starts_with(')'));
                    if value.is_empty() && bracketed {
                        out.pop();
                        skip_close = true;
                    }
                    out.push_str(value);
                }
            }
            // Nothing a template or a value holds can make the text longer than this.
            if out.len() > 4 * max + 8 {
                break;
            }
        }
        one_line(&out.replace(" ,", ","), max)
    }
}

/// `text` with each run of white space made one space, trimmed, and cut to `max` characters,
/// the last of them `…`, when it is longer.
fn one_line(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(4 * max));
    let mut count = 0;
    let words = text.split_whitespace();
    let spaced = words
        .enumerate()
        .flat_map(|(i, word)| (i > 0).then_some(" ").into_iter().chain([word]));
    for piece in spaced {
        for c in piece.chars() {
            if count == max {
                while count >= max {
                    out.pop();
                    count -= 1;
                }
                let kept = out.trim_end().len();
                out.truncate(kept);
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
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
        assert_eq!(t.render(&values, 200), "Connect with Maria Lopez at Acme");
        assert!(
            Template::parse("Hi {nmae}", FIELDS)
                .unwrap_err()
                .contains("{nmae}")
        );
        assert!(Template::parse("Hi {name", FIELDS).is_err());
        assert!(Template::parse("Hi name}", FIELDS).is_err());
        assert!(Template::parse("Hi} {name}", FIELDS).is_err());
        assert!(
            Template::parse("Call {name}", &["company", "position"])
                .unwrap_err()
                .contains("no value")
        );
    }

    #[test]
    fn a_value_is_never_read_as_a_template() {
        // The nested setup of the abuse report: each value names the next field.
        let n = 20;
        let (company, position, name) = (
            "{position}".repeat(n),
            "{name}".repeat(n),
            "{title}".repeat(n),
        );
        let title = "A".repeat(200);
        let values = Values {
            company: Some(&company),
            position: Some(&position),
            name: Some(&name),
            title: Some(&title),
        };
        let t = Template::parse("{company}", FIELDS).unwrap();
        assert_eq!(t.render(&values, 200), company, "inserted as it is");
        assert_eq!(t.render(&values, 100), format!("{}…", &company[..99]));
        let every = Template::parse(&"{company}{position}{name}{title}".repeat(50), FIELDS)
            .unwrap()
            .render(&values, 2000);
        let once = format!("{company}{position}{name}{title}");
        let expected: String = once.repeat(50).chars().take(1999).collect();
        assert_eq!(every, format!("{expected}…"));
    }

    #[test]
    fn rendered_text_is_one_line_within_its_bound() {
        let t = Template::parse("Call {name}\n about  {company}", FIELDS).unwrap();
        let values = Values {
            name: Some("  Kim\tLee "),
            company: Some("Initech"),
            ..Values::default()
        };
        assert_eq!(t.render(&values, 200), "Call Kim Lee about Initech");
        assert_eq!(t.render(&values, 10), "Call Kim…");
        assert_eq!(t.render(&values, 12), "Call Kim Le…");
        let long = "x".repeat(500);
        let cut = Template::parse("{company}", FIELDS).unwrap().render(
            &Values {
                company: Some(&long),
                ..Values::default()
            },
            200,
        );
        assert_eq!(cut.chars().count(), 200);
        assert!(cut.ends_with('…'));
    }
}
