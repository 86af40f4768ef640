//! The people you met as vCards, beside JSON: `Accept: text/vcard` on a read gives a card (or
//! an address book), and `Content-Type: text/vcard` on a create takes one, as a phone shares a
//! contact or a card-scanner app exports one.

use actix_web::dev::Payload;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;

use crate::error::{ApiError, FieldError};
use crate::http::conditional::{body_etag, names};
use crate::http::extract::{bytes, media_type};
use crate::store::people::Person;
use crate::views::vcard::{self, Card, MEDIA_TYPE, Version};

/// The media types a card comes as: RFC 6350's, and the older name some apps still send.
fn is_vcard(media: &str) -> bool {
    media.eq_ignore_ascii_case(MEDIA_TYPE) || media.eq_ignore_ascii_case("text/x-vcard")
}

/// What a read of people can be answered with: JSON, or a card in either version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Offer {
    Json,
    Card(Version),
}

impl Offer {
    /// How specifically `range` names this offer (RFC 9110 §12.5.1: the most specific range
    /// sets the quality), or `None` when it does not match it.
    fn matched_by(self, range: &actix_web::mime::Mime) -> Option<u8> {
        let (kind, subtype) = (range.type_().as_str(), range.subtype().as_str());
        match (self, kind, subtype) {
            (_, "*", "*") => Some(0),
            (Self::Json, "application", "*") => Some(1),
            (Self::Json, "application", "json") => Some(3),
            (Self::Card(_), "text", "*") => Some(1),
            (Self::Card(version), ..) if is_vcard(range.essence_str()) => {
                match range
                    .get_param("version")
                    .map(|v| Version::of(Some(v.as_str())))
                {
                    None => Some(2),
                    Some(named) => (named == Some(version)).then_some(3),
                }
            }
            _ => None,
        }
    }
}

/// The vCard version the request's `Accept` prefers to JSON, if it does (read with actix's
/// `Accept` parser; a header it cannot read, or none, asks for JSON). Each of JSON, a 4.0 card
/// and a 3.0 card takes the quality of the most specific range that names it; the highest
/// wins, and at the same quality the one named first, then JSON, then 4.0. A card in a version
/// this server does not write (2.1) is refused with 406 when nothing else named is acceptable;
/// an `Accept` that names neither JSON nor a card is not held to, and gets JSON.
pub fn asked(req: &HttpRequest) -> Result<Option<Version>, ApiError> {
    let Ok(accept) = <header::Accept as header::Header>::parse(req) else {
        return Ok(None);
    };
    let offers = [
        Offer::Json,
        Offer::Card(Version::V4),
        Offer::Card(Version::V3),
    ];
    let mut best: Option<(header::Quality, usize, Offer)> = None;
    for offer in offers {
        // The most specific range naming the offer, the first of equals.
        let mut named: Option<(u8, usize, header::Quality)> = None;
        for (at, range) in accept.iter().enumerate() {
            if let Some(specific) = offer.matched_by(&range.item)
                && named.is_none_or(|(s, ..)| specific > s)
            {
                named = Some((specific, at, range.quality));
            }
        }
        let Some((_, at, quality)) = named else {
            continue;
        };
        if quality > header::Quality::ZERO
            && best.is_none_or(|(q, first, _)| quality > q || (quality == q && at < first))
        {
            best = Some((quality, at, offer));
        }
    }
    match best {
        Some((.., Offer::Card(version))) => Ok(Some(version)),
        Some((.., Offer::Json)) => Ok(None),
        None => match refused_version(&accept) {
            Some(version) => Err(ApiError::NotAcceptable(format!(
                "vCards are written in version 4.0 or 3.0, not {version}: ask for \
                 `text/vcard` or `text/vcard; version=3.0`, or for `application/json`"
            ))),
            None => Ok(None),
        },
    }
}

/// The version of a card asked for that this server does not write, if one was.
fn refused_version(accept: &header::Accept) -> Option<String> {
    accept.iter().find_map(|range| {
        let version = range.item.get_param("version")?.as_str();
        (is_vcard(range.item.essence_str()) && Version::of(Some(version)).is_none())
            .then(|| version.chars().take(20).collect())
    })
}

/// `people` as a `.vcf` file named `file`, with a strong `ETag` of its bytes (304 to an
/// `If-None-Match` that names it).
pub fn cards(req: &HttpRequest, people: &[Person], version: Version, file: &str) -> HttpResponse {
    let body = vcard::write(people, version);
    let tag = body_etag(body.as_bytes());
    if names(req, &tag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .insert_header((header::VARY, "Accept"))
            .finish();
    }
    let ascii: String = file
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(format!("{ascii}.vcf")),
            DispositionParam::FilenameExt(header::ExtendedValue {
                charset: header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: format!("{}.vcf", file_name(file)).into_bytes(),
            }),
        ],
    };
    HttpResponse::Ok()
        .content_type(format!("{MEDIA_TYPE}; charset=utf-8"))
        .insert_header((header::ETAG, tag))
        .insert_header((header::VARY, "Accept"))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header(disposition)
        .body(body)
}

/// A person's name as a file name: no path separators, control or direction-changing characters
/// (U+202E would make `gpj.vcf` read as `fcv.jpg`).
fn file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '"' => '_',
            c if c.is_control() => '_',
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim_matches(['.', ' ']);
    if cleaned.is_empty() {
        "contact".into()
    } else {
        cleaned.into()
    }
}

/// Marks a JSON reply of a route that also speaks vCard, so caches keep the two apart.
pub fn varies(mut response: HttpResponse) -> HttpResponse {
    response
        .headers_mut()
        .insert(header::VARY, header::HeaderValue::from_static("Accept"));
    response
}

/// Whether the request's body is a vCard.
pub fn sends_card(req: &HttpRequest) -> bool {
    is_vcard(&media_type(req))
}

/// The one card the body holds: not UTF-8, several cards, none, or version 2.1 is 422 naming
/// the body.
pub fn card(
    req: &HttpRequest,
    payload: &mut Payload,
) -> LocalBoxFuture<'static, Result<Card, ApiError>> {
    let body = bytes(req, payload);
    Box::pin(async move {
        let text = String::from_utf8(body.await?)
            .map_err(|_| ApiError::parameter("body", "is not UTF-8 text"))?;
        vcard::read(&text).map_err(|message| ApiError::parameter("body", message))
    })
}

/// Field errors about a card point into no JSON: they name the person's field, not a pointer.
pub fn without_pointers(error: ApiError) -> ApiError {
    match error {
        ApiError::Validation(errors) => ApiError::Validation(
            errors
                .into_iter()
                .map(|e| FieldError::parameter(e.field, e.message))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked_by(accept: &str) -> Option<Version> {
        let req = actix_web::test::TestRequest::default()
            .insert_header((header::ACCEPT, accept))
            .to_http_request();
        asked(&req).expect("acceptable")
    }

    #[test]
    fn the_accept_header_picks_a_card_and_its_version() {
        assert_eq!(asked_by("text/vcard"), Some(Version::V4));
        assert_eq!(asked_by("text/vcard; version=3.0"), Some(Version::V3));
        assert_eq!(
            asked_by("text/vcard;version=\"3.0\", application/json"),
            Some(Version::V3)
        );
        assert_eq!(asked_by("text/vcard; version=4.0"), Some(Version::V4));
        assert_eq!(asked_by("text/x-vcard"), Some(Version::V4));
        assert_eq!(
            asked_by("application/json;q=0.5, text/vcard"),
            Some(Version::V4)
        );
        // JSON named first at the same quality, or preferred, or no card at all: JSON.
        assert_eq!(
            asked_by("application/json, text/vcard;version=\"3.0\""),
            None
        );
        assert_eq!(asked_by("text/vcard;q=0.2, application/json"), None);
        assert_eq!(asked_by("text/vcard;q=0"), None);
        assert_eq!(asked_by("*/*"), None);
        // The most specific range sets an offer's quality.
        assert_eq!(asked_by("text/vcard;q=0.1, */*"), None);
        assert_eq!(asked_by("application/json;q=0, */*"), Some(Version::V4));
        assert_eq!(asked_by("text/*"), Some(Version::V4));
        assert_eq!(
            asked_by("text/vcard; version=2.1, text/*"),
            Some(Version::V4)
        );
        assert_eq!(asked_by("text/html"), None);
        let none = actix_web::test::TestRequest::default().to_http_request();
        assert_eq!(asked(&none).ok(), Some(None));
    }

    #[test]
    fn a_card_version_not_written_here_is_refused_unless_something_else_will_do() {
        let refused = |accept: &str| {
            let req = actix_web::test::TestRequest::default()
                .insert_header((header::ACCEPT, accept))
                .to_http_request();
            asked(&req).is_err()
        };
        assert!(refused("text/vcard; version=2.1"));
        assert!(refused("text/vcard; version=2.1, text/html"));
        assert!(!refused("text/vcard; version=2.1, application/json;q=0.1"));
        assert!(!refused("text/vcard; version=2.1, */*;q=0.1"));
        assert!(refused("text/vcard; version=2.1, application/json;q=0"));
        assert_eq!(
            asked_by("text/vcard; version=2.1, text/vcard; version=3.0;q=0.5"),
            Some(Version::V3)
        );
    }
}
