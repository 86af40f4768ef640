//! People as vCards: version 4.0 (RFC 6350) and 3.0 (RFC 2426, what iOS and Android export).
//! A person is written as a card for a phone's contacts, and a card from a phone or a card
//! scanner is read into the fields of a new person. The `ical` crate's parser unfolds and splits
//! the content lines and its generator folds them (again at 75 octets, `content_lines`); values are escaped and unescaped here, since
//! it leaves that to its caller.

use std::io::BufReader;

use ical::generator::{Emitter, VcardContact};
use ical::property::Property;

use crate::store::people::Person;

/// The media type, for `Content-Type` and `Accept`.
pub const MEDIA_TYPE: &str = "text/vcard";

/// Which vCard version to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V3,
    V4,
}

impl Version {
    /// The version a `version` media-type parameter (RFC 6350 §10.1) asks for: 4.0 when it
    /// names none; `None` for one this server does not write (2.1).
    pub fn of(parameter: Option<&str>) -> Option<Self> {
        match parameter.map(|v| v.trim().trim_matches('"')) {
            None | Some("4.0") => Some(Self::V4),
            Some("3.0") => Some(Self::V3),
            Some(_) => None,
        }
    }

    fn text(self) -> &'static str {
        match self {
            Self::V3 => "3.0",
            Self::V4 => "4.0",
        }
    }

    /// A `TYPE` parameter: 4.0 writes its values in lower case, 3.0 in upper.
    fn kinds(self, kinds: &[&str]) -> Option<Vec<(String, Vec<String>)>> {
        let kinds = kinds
            .iter()
            .map(|k| match self {
                Self::V3 => k.to_uppercase(),
                Self::V4 => k.to_string(),
            })
            .collect();
        Some(vec![("TYPE".into(), kinds)])
    }
}

/// Every person as one card each, in one file.
pub fn write(people: &[Person], version: Version) -> String {
    people
        .iter()
        .map(|person| super::content_lines::fold(&card(person, version).generate()))
        .collect()
}

fn property(name: &str, params: Option<Vec<(String, Vec<String>)>>, value: String) -> Property {
    Property {
        name: name.into(),
        params,
        value: Some(value),
    }
}

fn card(person: &Person, version: Version) -> VcardContact {
    let mut card = VcardContact::new();
    let mut add =
        |name: &str, params, value: String| card.properties.push(property(name, params, value));
    add("VERSION", None, version.text().into());
    let uid = match version {
        Version::V3 => person.id.to_string(),
        Version::V4 => format!("urn:uuid:{}", person.id),
    };
    add("UID", None, uid);
    add("FN", None, escape(&person.name));
    let (given, family) = split_name(&person.name);
    let prefix = person
        .salutation
        .as_deref()
        .and_then(|s| s.strip_suffix(family))
        .map(str::trim)
        .unwrap_or("");
    add(
        "N",
        None,
        [family, given, "", prefix, ""].map(escape).join(";"),
    );
    if let Some(company) = &person.company {
        add("ORG", None, escape(company));
    }
    if let Some(title) = &person.title {
        add("TITLE", None, escape(title));
    }
    if let Some(email) = &person.email {
        let kinds: &[&str] = match version {
            Version::V3 => &["internet", "work"],
            Version::V4 => &["work"],
        };
        add("EMAIL", version.kinds(kinds), escape(email));
    }
    if let Some(phone) = &person.phone {
        add("TEL", version.kinds(&["work", "voice"]), escape(phone));
    }
    if let Some(fax) = &person.fax {
        add("TEL", version.kinds(&["work", "fax"]), escape(fax));
    }
    if let Some(address) = &person.postal_address {
        // The address as you typed it goes in the street part, lines kept.
        add(
            "ADR",
            version.kinds(&["work"]),
            ["", "", address.as_str(), "", "", "", ""]
                .map(escape)
                .join(";"),
        );
    }
    if let Some(notes) = &person.notes {
        add("NOTE", None, escape(notes));
    }
    add(
        "REV",
        None,
        person.updated_at.format("%Y%m%dT%H%M%SZ").to_string(),
    );
    card
}

/// "Priya Raman" as ("Priya", "Raman"): the family name is the last word.
fn split_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    match name.rsplit_once(' ') {
        Some((given, family)) => (given.trim(), family),
        None => ("", name),
    }
}

/// A text value as RFC 6350 §3.4 writes it: backslash, comma, semicolon and line breaks escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// ical's reader takes every colon at the start of a value for the delimiter (`TITLE::-)` reads
/// as `-)`): such a value's first colon is escaped, which `text` reads back as the colon. The
/// delimiter is the first colon outside a quoted parameter value.
fn keep_leading_colons(unfolded: &str) -> String {
    let mut out = String::with_capacity(unfolded.len() + 8);
    for line in unfolded.split_inclusive('\n') {
        let mut quoted = false;
        let delimiter = line.char_indices().find_map(|(i, c)| {
            quoted ^= c == '"';
            (c == ':' && !quoted).then_some(i)
        });
        match delimiter {
            Some(at) if line[at + 1..].starts_with(':') => {
                out.push_str(&line[..=at]);
                out.push('\\');
                out.push_str(&line[at + 1..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// A value's components, split at the semicolons that are not escaped, each unescaped.
fn components(value: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => parts.last_mut().map(|p| p.push('\n')).unwrap_or(()),
                Some(other) => parts.last_mut().map(|p| p.push(other)).unwrap_or(()),
                None => {}
            },
            ';' => parts.push(String::new()),
            c => parts.last_mut().map(|p| p.push(c)).unwrap_or(()),
        }
    }
    parts
}

/// A text value, unescaped, as one string.
fn text(value: &str) -> String {
    components(value).join(";")
}

/// What a card says about a person, as the fields of a new one.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Card {
    pub name: Option<String>,
    pub salutation: Option<String>,
    pub title: Option<String>,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub postal_address: Option<String>,
    pub notes: Option<String>,
}

/// A property's name without its group (`item1.ADR` is `ADR`), in upper case.
fn bare_name(property: &Property) -> String {
    let name = property.name.rsplit('.').next().unwrap_or(&property.name);
    name.to_ascii_uppercase()
}

/// The property's `TYPE` values, in lower case, however they were written (`TYPE=WORK,VOICE`,
/// `type=WORK;type=pref`, `PREF=1`).
fn kinds(property: &Property) -> Vec<String> {
    let mut kinds = Vec::new();
    for (key, values) in property.params.iter().flatten() {
        match key.as_str() {
            "TYPE" => kinds.extend(
                values
                    .iter()
                    .flat_map(|v| v.split(','))
                    .map(|v| v.trim().trim_matches('"').to_ascii_lowercase()),
            ),
            "PREF" => kinds.push("pref".into()),
            _ => {}
        }
    }
    kinds
}

/// The best of several properties of one kind: work first, then the preferred one, then the
/// first.
fn best<'a>(properties: &[&'a Property], avoid: &[&str]) -> Option<&'a Property> {
    let usable: Vec<&&Property> = properties
        .iter()
        .filter(|p| !kinds(p).iter().any(|k| avoid.contains(&k.as_str())))
        .collect();
    let rank = |p: &Property| {
        let kinds = kinds(p);
        (
            !kinds.iter().any(|k| k == "work"),
            !kinds.iter().any(|k| k == "pref"),
        )
    };
    usable.into_iter().min_by_key(|p| rank(p)).copied()
}

fn non_empty(text: String) -> Option<String> {
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// Reads the one card of `text`. A file with several cards, none, or a card in version 2.1
/// (quoted-printable lines this reader does not take) is refused, saying why.
pub fn read(text_in: &str) -> Result<Card, String> {
    // Unfolded here, as RFC 6350 §3.2 says: ical's reader trims each physical line first, so a
    // fold right after a space ("team and⏎ wants") would lose the space.
    // A byte-order mark, as Windows and Outlook write one, is no part of the card.
    let unfolded = text_in
        .trim_start_matches('\u{feff}')
        .replace("\r\n ", "")
        .replace("\r\n\t", "")
        .replace("\n ", "")
        .replace("\n\t", "");
    let unfolded = keep_leading_colons(&unfolded);
    let mut cards = ical::VcardParser::new(BufReader::new(unfolded.as_bytes()));
    let contact = match cards.next() {
        Some(Ok(contact)) => contact,
        Some(Err(err)) => return Err(format!("is not a vCard this server can read: {err}")),
        None => return Err("holds no vCard (BEGIN:VCARD … END:VCARD)".into()),
    };
    if cards.next().is_some() {
        return Err("holds several vCards: send one per request".into());
    }
    let props = &contact.properties;
    // ical's reader keeps ten values of a parameter and leaves the rest in the value: a card
    // that has more would be read wrong, so it is refused.
    if let Some(crowded) = props.iter().find(|p| {
        p.params
            .iter()
            .flatten()
            .any(|(_, values)| values.len() >= 10)
    }) {
        return Err(format!(
            "has a {} property with more parameter values than this reader takes",
            bare_name(crowded)
        ));
    }
    let value = |p: &Property| p.value.clone().unwrap_or_default();
    let all =
        |name: &str| -> Vec<&Property> { props.iter().filter(|p| bare_name(p) == name).collect() };
    let first = |name: &str| all(name).into_iter().next();
    if let Some(version) = first("VERSION").map(value)
        && !matches!(version.trim(), "3.0" | "4.0")
    {
        return Err(format!(
            "is vCard {}: export it as version 3.0 or 4.0",
            version.trim()
        ));
    }
    let n = first("N")
        .map(|p| components(&value(p)))
        .unwrap_or_default();
    let part = |i: usize| n.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
    let (family, given, prefix) = (part(0), part(1), part(3));
    let formatted = first("FN").map(|p| text(&value(p))).and_then(non_empty);
    let from_n = non_empty(format!("{given} {family}"));
    // "Dr. Priya Raman" is Priya Raman, greeted as Dr. Raman.
    // Only a whole word: "Dr" is not taken off "Drew Barry".
    let name = formatted.map(|fname| match fname.strip_prefix(prefix.as_str()) {
        Some(rest)
            if !prefix.is_empty()
                && rest.starts_with(char::is_whitespace)
                && !rest.trim().is_empty() =>
        {
            rest.trim().to_string()
        }
        _ => fname,
    });
    let salutation =
        (!prefix.is_empty() && !family.is_empty()).then(|| format!("{prefix} {family}"));
    let phones = all("TEL");
    let phone = best(&phones, &["fax"]).map(|p| tel(&value(p)));
    let fax = phones
        .iter()
        .find(|p| kinds(p).iter().any(|k| k == "fax"))
        .map(|p| tel(&value(p)));
    let address = best(&all("ADR"), &[]).map(|p| {
        let parts = components(&value(p));
        // post office box, extended, street, locality, region, code, country: one per line,
        // with the locality, region and code on one.
        let get = |i: usize| parts.get(i).map(|s| s.trim()).unwrap_or("");
        let town = [get(3), get(4), get(5)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        [get(0), get(1), get(2), town.as_str(), get(6)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(Card {
        name: name.or(from_n),
        salutation,
        title: first("TITLE").map(|p| text(&value(p))).and_then(non_empty),
        company: first("ORG")
            .and_then(|p| components(&value(p)).into_iter().next())
            .and_then(non_empty),
        email: best(&all("EMAIL"), &[])
            .map(|p| text(&value(p)))
            .and_then(non_empty),
        phone: phone.and_then(non_empty),
        fax: fax.and_then(non_empty),
        postal_address: address.and_then(non_empty),
        notes: first("NOTE").map(|p| text(&value(p))).and_then(non_empty),
    })
}

/// A telephone value: text, or a `tel:` URI as 4.0 writes them.
fn tel(value: &str) -> String {
    let value = text(value);
    value
        .strip_prefix("tel:")
        .map(str::to_string)
        .unwrap_or(value)
}

#[cfg(test)]
mod tests;
