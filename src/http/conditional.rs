//! Conditional requests: every single resource carries an `ETag` (its version); `If-None-Match`
//! on GET answers 304, `If-Match` on PATCH/DELETE answers 412 when the resource has moved on.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use futures_util::future::{Ready, ready};
use serde::Serialize;

use crate::error::ApiError;

pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The precondition of a write. `If-Match: *` and no header at all ask nothing of the stored
/// version; a list of tags (RFC 9110) matches when one of its strong tags is the current `ETag`:
/// weak tags never match, since `If-Match` compares strongly. A value that is not a list of tags
/// names no version, so it never matches either (412), like a stale tag.
#[derive(Debug, Clone, Default)]
pub enum IfMatch {
    #[default]
    Any,
    Tags(Vec<String>),
}

impl IfMatch {
    /// 412 unless the stored version is one of those required.
    pub fn check(&self, current: i32) -> Result<(), ApiError> {
        match self {
            Self::Any => Ok(()),
            Self::Tags(tags) if tags.contains(&etag(current)) => Ok(()),
            Self::Tags(_) => Err(ApiError::PreconditionFailed),
        }
    }

    /// Reads the header's value; a value outside the grammar requires a version that never is.
    pub fn parse(value: &[u8]) -> Self {
        Self::tags(value).unwrap_or(Self::Tags(Vec::new()))
    }

    fn tags(value: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(value).ok()?.trim_matches([' ', '\t']);
        if text == "*" {
            return Some(Self::Any);
        }
        let mut strong = Vec::new();
        for tag in text.split(',') {
            let tag = tag.trim_matches([' ', '\t']);
            let (weak, quoted) = match tag.strip_prefix("W/") {
                Some(rest) => (true, rest),
                None => (false, tag),
            };
            let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
            if !inner
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x7E).contains(&b))
            {
                return None;
            }
            if !weak {
                strong.push(quoted.to_string());
            }
        }
        Some(Self::Tags(strong))
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = req.headers().get(header::IF_MATCH) else {
            return ready(Ok(Self::Any));
        };
        ready(Ok(Self::parse(value.as_bytes())))
    }
}

/// Whether the request's `If-None-Match` names this version (or `*`).
pub fn not_modified(req: &HttpRequest, version: i32) -> bool {
    names(req, &etag(version))
}

/// The strong `ETag` of a rendered body: what it says, not when it was made, so the same page
/// rendered twice (or by another server) has the same tag.
pub fn body_etag(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!(
        "\"{}\"",
        crate::auth::token::hex(&Sha256::digest(body)[..16])
    )
}

/// Whether the request's `If-None-Match` names `tag` (or `*`). It compares weakly, as RFC 9110
/// says `If-None-Match` does.
pub fn names(req: &HttpRequest, tag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == "*" || t == tag)
        })
}

/// A rendered list page with its `ETag`, or 304 when the client already has these bytes.
pub fn page(req: &HttpRequest, body: actix_web::web::Bytes, tag: &str) -> HttpResponse {
    if names(req, tag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .finish();
    }
    HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .insert_header((header::ETAG, tag))
        .body(body)
}

/// A single resource with its ETag, or 304 when the client already has this version.
pub fn single<T: Serialize>(
    req: &HttpRequest,
    status: actix_web::http::StatusCode,
    version: i32,
    body: &T,
) -> HttpResponse {
    let tag = etag(version);
    if req.method() == actix_web::http::Method::GET && not_modified(req, version) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .finish();
    }
    HttpResponse::build(status)
        .insert_header((header::ETAG, tag))
        .json(body)
}

/// 201 with `Location` and `ETag`.
pub fn created<T: Serialize>(
    req: &HttpRequest,
    location: &str,
    version: i32,
    body: &T,
) -> Result<HttpResponse, ApiError> {
    let mut response = single(req, actix_web::http::StatusCode::CREATED, version, body);
    response.headers_mut().insert(
        header::LOCATION,
        header::HeaderValue::from_str(location).map_err(ApiError::internal)?,
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(header: &str, version: i32) -> bool {
        IfMatch::parse(header.as_bytes()).check(version).is_ok()
    }

    #[test]
    fn if_match_compares_strongly() {
        assert!(matches("\"3\"", 3));
        assert!(matches(" \"2\", \"3\" ", 3));
        assert!(matches("*", 3));
        assert!(!matches("W/\"3\"", 3));
        assert!(!matches("\"03\"", 3));
        assert!(!matches("\"4\"", 3));
    }

    #[test]
    fn a_malformed_if_match_never_matches() {
        for header in ["3", "null", "\"3", "\"a b\"", "*, \"3\"", "", "\"3\","] {
            assert!(!matches(header, 3), "{header}");
        }
    }
}
