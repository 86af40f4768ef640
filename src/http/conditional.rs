//! Conditional requests: every single resource carries an `ETag` (its version); `If-None-Match`
//! on GET answers 304, `If-Match` on PATCH/DELETE answers 412 when the resource has moved on.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use futures_util::future::{Ready, ready};
use serde::Serialize;

use crate::error::ApiError;
use crate::service::resource::Precondition;

pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The precondition of a write, read with actix's `If-Match` (RFC 9110): `*` and no header ask
/// nothing of the stored version; a list of tags matches when one of its strong tags is the
/// current `ETag`. Weak tags never match, since `If-Match` compares strongly, and a value that
/// is not a list of tags names no version, so it never matches either (412), like a stale tag.
#[derive(Debug, Clone, Default)]
pub struct IfMatch(pub Precondition);

impl IfMatch {
    /// The precondition the request's `If-Match` states.
    pub fn of(req: &HttpRequest) -> Self {
        let Some(raw) = req.headers().get(header::IF_MATCH) else {
            return Self(Precondition::Any);
        };
        // `*` stands alone or not at all; actix reads `*, "3"` as `*`.
        let raw = raw.to_str().unwrap_or_default().trim();
        if raw.contains('*') && raw != "*" {
            return Self(Precondition::OneOf(Vec::new()));
        }
        Self(match <header::IfMatch as header::Header>::parse(req) {
            Err(_) => Precondition::OneOf(Vec::new()),
            Ok(header::IfMatch::Any) => Precondition::Any,
            Ok(header::IfMatch::Items(tags)) => Precondition::OneOf(
                tags.iter()
                    .filter(|tag| !tag.weak)
                    .filter_map(|tag| {
                        let version = tag.tag().parse::<i32>().ok()?;
                        // `"03"` is not the tag of version 3.
                        (version.to_string() == tag.tag()).then_some(version)
                    })
                    .collect(),
            ),
        })
    }

    /// 412 unless the stored version is one of those required.
    pub fn check(&self, current: i32) -> Result<(), ApiError> {
        self.0.check(current).map_err(ApiError::from)
    }
}

impl From<IfMatch> for Precondition {
    fn from(if_match: IfMatch) -> Self {
        if_match.0
    }
}

/// The header as the document states it, once: `params(IfMatch)` on an operation, and the
/// document's middleware (`openapi::document_middleware`) adds the 412 and the `ETag` it brings.
impl utoipa::IntoParams for IfMatch {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        vec![header_param(
            "If-Match",
            "The `ETag` you hold: 412 if the resource changed since. Compared strongly, so a weak \
             tag or anything but a list of entity tags never matches",
        )]
    }
}

/// `If-None-Match` on a read of one resource: `params(IfNoneMatch)`, and the document's
/// middleware adds the 304 and the `ETag`. The handler reads the header through `single`.
pub struct IfNoneMatch;

impl utoipa::IntoParams for IfNoneMatch {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        vec![header_param(
            "If-None-Match",
            "The `ETag` you hold: 304 if the resource is unchanged",
        )]
    }
}

fn header_param(name: &str, description: &str) -> utoipa::openapi::path::Parameter {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(utoipa::openapi::Required::False)
        .description(Some(description))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self::of(req)))
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

/// Whether the request's `If-None-Match` (read with actix's parser) names `tag` (or `*`). It
/// compares weakly, as RFC 9110 says `If-None-Match` does.
pub fn names(req: &HttpRequest, tag: &str) -> bool {
    let Ok(ours) = tag.parse::<header::EntityTag>() else {
        return false;
    };
    match <header::IfNoneMatch as header::Header>::parse(req) {
        Ok(header::IfNoneMatch::Any) => true,
        Ok(header::IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(&ours)),
        Err(_) => false,
    }
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

/// A single resource with its ETag (200), or 304 when the client already has this version.
pub fn single<T: Serialize>(req: &HttpRequest, version: i32, body: &T) -> HttpResponse {
    with_status(req, actix_web::http::StatusCode::OK, version, body)
}

fn with_status<T: Serialize>(
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
    let mut response = with_status(req, actix_web::http::StatusCode::CREATED, version, body);
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
        let req = actix_web::test::TestRequest::default()
            .insert_header((header::IF_MATCH, header))
            .to_http_request();
        IfMatch::of(&req).check(version).is_ok()
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
        for header in ["3", "null", "\"3", "\"a b\"", "*, \"3\"", ""] {
            assert!(!matches(header, 3), "{header}");
        }
        // RFC 9110 lists may hold empty elements: this is the list of one tag.
        assert!(matches("\"3\",", 3));
    }
}
