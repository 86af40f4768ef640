//! Job postings as plugins save them: the posting's address in one spelling per posting (so a
//! second save finds the first), and the schema.org `JobPosting` that job boards embed in their
//! pages as JSON-LD, read into what an application holds.

use chrono::NaiveDate;
use serde_json::Value;

use crate::domain::{MEDIUM, SHORT};

/// Query parameters that say who sent the visitor, not which posting it is.
const TRACKING: &[&str] = &[
    "gclid",
    "gbraid",
    "wbraid",
    "dclid",
    "fbclid",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "ref",
    "refid",
    "trackingid",
    "trk",
    "trkinfo",
];

/// The longest address kept.
pub const URL_MAX: usize = 2000;

/// `url` in the one spelling the server keeps: scheme and host lower-case, no default port, no
/// fragment, no tracking parameters (`utm_*`, `gclid`, `fbclid` and the like), the rest of the
/// query in its order. Only `http` and `https` addresses are postings.
pub fn normalise(url: &str) -> Result<String, String> {
    if url.chars().count() > URL_MAX {
        return Err(format!("must be at most {URL_MAX} characters"));
    }
    let mut parsed = url::Url::parse(url.trim())
        .map_err(|_| "is not an absolute URL such as https://jobs.example/123".to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err("must be an http or https URL with a host".into());
    }
    // The url crate lower-cases the scheme and host and drops a default port already.
    parsed.set_fragment(None);
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            !name.starts_with("utm_") && !TRACKING.contains(&name.as_str())
        })
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    let _ = parsed.set_username("");
    let _ = parsed.set_password(None);
    Ok(parsed.to_string())
}

/// What a schema.org `JobPosting` says of the job, as far as an application keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobPosting {
    pub position: Option<String>,
    pub company: Option<String>,
    pub url: Option<String>,
    pub posting_id: Option<String>,
    pub location: Option<String>,
    pub apply_by: Option<NaiveDate>,
}

impl JobPosting {
    /// Reads a `JobPosting` as job boards embed it (JSON-LD), lenient where the vocabulary and
    /// the boards allow several shapes: the posting alone, in a list of nodes or in an
    /// `@graph` (its organisation then perhaps a node of its own, named by `@id`); an
    /// organisation as text or an object; one location or several; an address as text or a
    /// `PostalAddress`; an identifier as text or a `PropertyValue`; `validThrough` as a date or
    /// a date-time; text with HTML entities (`B &amp; C`) as the characters they stand for.
    pub fn read<'a>(json: &'a Value) -> Result<Self, String> {
        let (object, graph) = posting_node(json)?;
        let node = |value: &'a Value| -> Option<&'a Value> { resolve(value, graph) };
        Ok(Self {
            position: cut(text(object.get("title")), SHORT),
            company: object
                .get("hiringOrganization")
                .and_then(node)
                .and_then(|org| match org {
                    Value::Object(org) => cut(text(org.get("name")), SHORT),
                    other => cut(text(Some(other)), SHORT),
                }),
            url: text(object.get("url")),
            posting_id: cut(
                object.get("identifier").and_then(|id| match id {
                    Value::Object(id) => text(id.get("value")).or_else(|| text(id.get("name"))),
                    other => text(Some(other)),
                }),
                SHORT,
            ),
            location: object
                .get("jobLocation")
                .and_then(node)
                .and_then(|places| locations(places, graph)),
            apply_by: text(object.get("validThrough")).and_then(|t| day(&t)),
        })
    }
}

/// The `JobPosting` node of a page's JSON-LD, and the other nodes beside it (for `@id`s).
fn posting_node(json: &Value) -> Result<(&serde_json::Map<String, Value>, &[Value]), String> {
    let nodes: &[Value] = match json {
        Value::Object(object) => match object.get("@graph") {
            Some(Value::Array(graph)) if graph.iter().all(Value::is_object) => graph,
            Some(_) => &[],
            None => std::slice::from_ref(json),
        },
        Value::Array(nodes) if nodes.iter().all(Value::is_object) => nodes,
        _ => &[],
    };
    let postings: Vec<&serde_json::Map<String, Value>> = nodes
        .iter()
        .filter_map(Value::as_object)
        .filter(|node| node.get("@type").is_some_and(|t| names(t, "JobPosting")))
        .collect();
    let alone = json.as_object().filter(|o| !o.contains_key("@graph"));
    match (postings.as_slice(), alone) {
        ([posting], _) => Ok((posting, nodes)),
        // A posting need not say what it is.
        ([], Some(alone)) if !alone.contains_key("@type") => Ok((alone, nodes)),
        ([], Some(_)) => Err("must have @type JobPosting".into()),
        ([], _) => Err(
            "must be a schema.org JobPosting object, or JSON-LD (a list or an @graph) that \
             holds one"
                .into(),
        ),
        _ => Err("holds more than one JobPosting: send the one this page is about".into()),
    }
}

fn names(kind: &Value, wanted: &str) -> bool {
    match kind {
        Value::String(s) => s.rsplit('/').next() == Some(wanted),
        Value::Array(list) => list.iter().any(|k| names(k, wanted)),
        _ => false,
    }
}

/// Non-empty text, trimmed, its HTML entities decoded (boards write `&amp;` into JSON-LD);
/// numbers count as their digits (an identifier may be one).
fn text(value: Option<&Value>) -> Option<String> {
    let text = match value? {
        Value::String(s) => html_escape::decode_html_entities(s).into_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    // Boards break lines and indent inside JSON-LD strings: one line, single spaces.
    let text: Vec<&str> = text.split_whitespace().collect();
    let text: String = text.join(" ").chars().filter(|c| !c.is_control()).collect();
    (!text.is_empty()).then_some(text)
}

/// `text` cut to `max` characters: what a posting says fills a field, never overflows it.
fn cut(text: Option<String>, max: usize) -> Option<String> {
    text.map(|t| t.chars().take(max).collect())
}

/// A node given by its `@id` alone (`{"@id": "#org"}`): the node of the graph it names; any
/// other value as it is.
fn resolve<'a>(value: &'a Value, graph: &'a [Value]) -> Option<&'a Value> {
    match value {
        Value::Object(o) if o.len() == 1 && o.contains_key("@id") => {
            let id = o.get("@id");
            graph
                .iter()
                .find(|n| n.get("@id") == id && n.as_object().is_some_and(|n| n.len() > 1))
        }
        other => Some(other),
    }
}

/// The most places of one posting read: a page listing thousands costs no more than this.
const MOST_PLACES: usize = 100;

/// The places of a posting, each address as one line, joined as far as the location field
/// holds them: most postings name one.
fn locations(places: &Value, graph: &[Value]) -> Option<String> {
    let (places, unread): (Vec<&Value>, usize) = match places {
        Value::Array(places) => (
            places
                .iter()
                .take(MOST_PLACES)
                .filter_map(|p| resolve(p, graph))
                .collect(),
            places.len().saturating_sub(MOST_PLACES),
        ),
        other => (vec![other], 0),
    };
    let mut seen = std::collections::HashSet::new();
    let lines: Vec<String> = places
        .into_iter()
        .filter_map(location)
        .filter(|line| seen.insert(line.clone()))
        .collect();
    let mut joined = String::new();
    let mut length = 0;
    for (i, line) in lines.iter().enumerate() {
        let next = if i == 0 {
            line.chars().take(MEDIUM).collect()
        } else {
            format!("; {line}")
        };
        let left = lines.len() - i - 1 + unread;
        let more = if left == 0 {
            String::new()
        } else {
            format!("; and {left} more")
        };
        // The rest are counted when this one and that count would not fit.
        if i > 0 && length + next.chars().count() + more.len() > MEDIUM {
            let more = format!("; and {} more", lines.len() - i + unread);
            if length + more.len() <= MEDIUM {
                joined.push_str(&more);
            }
            return Some(joined);
        }
        length += next.chars().count();
        joined.push_str(&next);
    }
    // Every place read is in; those past the ones read are counted, where the count fits.
    let more = format!("; and {unread} more");
    if unread > 0 && !joined.is_empty() && length + more.len() <= MEDIUM {
        joined.push_str(&more);
    }
    (!joined.is_empty()).then_some(joined)
}

/// A `Place`, its address as one line.
fn location(place: &Value) -> Option<String> {
    let address = match place {
        Value::Object(place) => place.get("address")?,
        other => other,
    };
    match address {
        Value::Object(a) => {
            let country = a.get("addressCountry").and_then(|c| match c {
                Value::Object(c) => text(c.get("name")),
                other => text(Some(other)),
            });
            let parts: Vec<String> = [
                text(a.get("streetAddress")),
                text(a.get("addressLocality")),
                text(a.get("addressRegion")),
                text(a.get("postalCode")),
                country,
            ]
            .into_iter()
            .flatten()
            .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        other => text(Some(other)),
    }
}

/// The day of `2027-01-31` or `2027-01-31T23:59:59Z`.
fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_posting_one_spelling() {
        let same = [
            "https://Jobs.Example.COM/postings/123?utm_source=li&gclid=x&team=data#apply",
            "https://jobs.example.com:443/postings/123?team=data&fbclid=y",
            "HTTPS://jobs.example.com/postings/123?utm_campaign=z&team=data",
        ];
        for url in same {
            assert_eq!(
                normalise(url).as_deref(),
                Ok("https://jobs.example.com/postings/123?team=data"),
                "{url}"
            );
        }
        assert_eq!(
            normalise("http://jobs.example.com:8080/p/1?utm_medium=x").as_deref(),
            Ok("http://jobs.example.com:8080/p/1")
        );
        for bad in [
            "jobs.example.com/1",
            "ftp://jobs.example.com/1",
            "mailto:x@example.com",
        ] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_job_posting_as_boards_embed_it() {
        let posting: Value = serde_json::json!({
            "@context": "https://schema.org/",
            "@type": "JobPosting",
            "title": "Senior Data Engineer",
            "identifier": {"@type": "PropertyValue", "name": "Initech", "value": "DE-2041"},
            "hiringOrganization": {"@type": "Organization", "name": "Initech", "sameAs": "https://initech.example"},
            "jobLocation": [{"@type": "Place", "address": {
                "@type": "PostalAddress", "streetAddress": "1 Main St",
                "addressLocality": "Austin", "addressRegion": "TX", "postalCode": "78701",
                "addressCountry": {"@type": "Country", "name": "US"}}}],
            "validThrough": "2027-01-31T23:59:59-06:00",
            "url": "https://careers.initech.example/jobs/DE-2041?utm_source=indeed"
        });
        let read = JobPosting::read(&posting).unwrap_or_default();
        assert_eq!(read.position.as_deref(), Some("Senior Data Engineer"));
        assert_eq!(read.company.as_deref(), Some("Initech"));
        assert_eq!(read.posting_id.as_deref(), Some("DE-2041"));
        assert_eq!(
            read.location.as_deref(),
            Some("1 Main St, Austin, TX, 78701, US")
        );
        assert_eq!(read.apply_by, NaiveDate::from_ymd_opt(2027, 1, 31));
        let terse = serde_json::json!({"@type": "JobPosting", "title": "Analyst",
            "hiringOrganization": "Globex", "jobLocation": {"address": "Remote"},
            "identifier": 77});
        let read = JobPosting::read(&terse).unwrap_or_default();
        assert_eq!(read.company.as_deref(), Some("Globex"));
        assert_eq!(read.location.as_deref(), Some("Remote"));
        assert_eq!(read.posting_id.as_deref(), Some("77"));
        assert!(JobPosting::read(&serde_json::json!({"@type": "Event"})).is_err());
        assert!(JobPosting::read(&serde_json::json!(["x"])).is_err());
    }

    #[test]
    fn a_posting_in_a_graph_with_its_organisation_beside_it() {
        let page = serde_json::json!({
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebPage", "@id": "https://jobs.example/1#page", "name": "Jobs"},
                {"@type": "Organization", "@id": "https://jobs.example/#org", "name": "B &amp; C Ltd"},
                {"@type": "JobPosting", "title": "Data&nbsp;Engineer &#8211; Platform",
                 "hiringOrganization": {"@id": "https://jobs.example/#org"},
                 "jobLocation": [
                     {"@type": "Place", "address": {"addressLocality": "Berlin", "addressCountry": "DE"}},
                     {"@type": "Place", "address": {"addressLocality": "Munich", "addressCountry": "DE"}},
                     {"@type": "Place", "address": {"addressLocality": "Berlin", "addressCountry": "DE"}}
                 ]}
            ]
        });
        let read = JobPosting::read(&page).expect("a posting");
        assert_eq!(read.company.as_deref(), Some("B & C Ltd"));
        assert_eq!(
            read.position.as_deref(),
            Some("Data Engineer \u{2013} Platform")
        );
        assert_eq!(read.location.as_deref(), Some("Berlin, DE; Munich, DE"));
        // The same nodes as a list.
        let list = page["@graph"].clone();
        assert_eq!(JobPosting::read(&list), Ok(read));
    }

    #[test]
    fn text_is_one_line_and_fits_its_field() {
        let title = format!("Senior\n\t Engineer\u{7}  {}", "x".repeat(300));
        let posting = serde_json::json!({"@type": "JobPosting", "title": title,
            "hiringOrganization": " Initech\r\n"});
        let read = JobPosting::read(&posting).unwrap();
        let position = read.position.unwrap();
        assert!(position.starts_with("Senior Engineer xxx"), "{position}");
        assert_eq!(position.chars().count(), SHORT);
        assert_eq!(read.company.as_deref(), Some("Initech"));
    }

    #[test]
    fn a_graph_without_one_posting_is_refused_saying_why() {
        let none = serde_json::json!({"@graph": [{"@type": "Event", "name": "Fair"}]});
        assert!(JobPosting::read(&none).unwrap_err().contains("holds one"));
        let stray = serde_json::json!([{"@type": "JobPosting", "title": "x"}, "note"]);
        assert!(
            JobPosting::read(&stray).is_err(),
            "a list of nodes holds objects only"
        );
        let stray = serde_json::json!({"@graph": [{"@type": "JobPosting", "title": "x"}, 7]});
        assert!(JobPosting::read(&stray).is_err(), "so does a graph");
        let two = serde_json::json!([{"@type": "JobPosting"}, {"@type": "JobPosting"}]);
        assert!(
            JobPosting::read(&two)
                .unwrap_err()
                .contains("more than one")
        );
    }

    #[test]
    fn many_places_are_named_as_far_as_the_field_holds_them() {
        let places: Vec<Value> = (0..200)
            .map(|i| serde_json::json!({"address": format!("Office number {i}")}))
            .collect();
        let posting = serde_json::json!({"@type": "JobPosting", "jobLocation": places});
        let location = JobPosting::read(&posting).unwrap().location.unwrap();
        assert!(location.chars().count() <= MEDIUM, "{location}");
        assert!(location.starts_with("Office number 0; Office number 1;"));
        assert!(location.ends_with("more"), "{location}");
        // Places past those read are counted too.
        let places: Vec<Value> = (0..151)
            .map(|i| serde_json::json!({"address": format!("{i}")}))
            .collect();
        let posting = serde_json::json!({"@type": "JobPosting", "jobLocation": places});
        let location = JobPosting::read(&posting).unwrap().location.unwrap();
        assert!(location.ends_with("; 99; and 51 more"), "{location}");
        // A first place as long as the field: the others are not squeezed in after it.
        let long = "x".repeat(MEDIUM - 5);
        let posting = serde_json::json!({"@type": "JobPosting",
            "jobLocation": [{"address": long}, {"address": "Berlin"}]});
        let location = JobPosting::read(&posting).unwrap().location.unwrap();
        assert!(location.chars().count() <= MEDIUM, "{}", location.len());
        assert!(location.starts_with(&long));
        let longer = "y".repeat(MEDIUM + 50);
        let posting =
            serde_json::json!({"@type": "JobPosting", "jobLocation": {"address": longer}});
        let location = JobPosting::read(&posting).unwrap().location.unwrap();
        assert_eq!(location.chars().count(), MEDIUM);
    }
}
