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

/// The vCard version the request's `Accept` prefers to JSON, if it does: `text/vcard` named
/// with a higher quality than `application/json`, or first at the same.
pub fn asked(req: &HttpRequest) -> Option<Version> {
    let accept = req.headers().get(header::ACCEPT)?.to_str().ok()?;
    let mut best: Option<(f32, usize, bool)> = None;
    for (position, range) in accept.split(',').enumerate() {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or("").to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
            .map(|(_, q)| {
                q.trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|q| (0.0..=1.0).contains(q))
            })
            .unwrap_or(Some(1.0))
            // A quality that is no number from 0 to 1 (RFC 9110 §12.4.2) counts as 0.
            .unwrap_or(0.0);
        let card = is_vcard(&media);
        if quality <= 0.0 || !(card || media == "application/json") {
            continue;
        }
        // Higher quality wins; at the same quality, the one named first.
        if best.is_none_or(|(q, _, _)| quality > q) {
            best = Some((quality, position, card));
        }
    }
    match best {
        Some((_, _, true)) => Some(Version::asked(accept)),
        _ => None,
    }
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
