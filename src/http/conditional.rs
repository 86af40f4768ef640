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

/// The version `If-Match` requires, if any. An `If-Match` naming no version of ours can never
/// match: the write is refused with 412.
#[derive(Debug, Clone, Copy, Default)]
pub struct IfMatch(pub Option<i32>);

impl IfMatch {
    /// 412 unless the stored version is the one required.
    pub fn check(self, current: i32) -> Result<(), ApiError> {
        match self.0 {
            Some(expected) if expected != current => Err(ApiError::PreconditionFailed),
            _ => Ok(()),
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = req.headers().get(header::IF_MATCH) else {
            return ready(Ok(Self(None)));
        };
        let text = value.to_str().unwrap_or("").trim();
        if text == "*" {
            return ready(Ok(Self(None)));
        }
        let version = text
            .split(',')
            .map(|tag| tag.trim().trim_start_matches("W/").trim_matches('"'))
            .find_map(|tag| tag.parse::<i32>().ok())
            .unwrap_or(-1);
        ready(Ok(Self(Some(version))))
    }
}

/// Whether the request's `If-None-Match` names this version (or `*`).
pub fn not_modified(req: &HttpRequest, version: i32) -> bool {
    let tag = etag(version);
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == "*" || t == tag)
        })
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
