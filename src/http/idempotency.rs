//! `Idempotency-Key` on POST: a retried request (a phone that lost the reply) gets the first
//! reply again instead of creating a second interview. Keys are scoped per user and kept 24 hours;
//! the same key with another body is refused (422). Replies of 5xx are not kept, so a request that
//! failed on our side can be retried with the same key.
//!
//! This is middleware, so every POST has it, but for the account routes under `/v1/auth/`: their
//! replies hold tokens, and a stored reply would keep a secret at rest and hand it out again to
//! whoever replays the key, past the rotation a refresh performs. Unauthenticated requests pass
//! through untouched too.

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpResponse, ResponseError, web};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::auth::JwtKeys;
use crate::auth::token;
use crate::domain::Id;
use crate::error::ApiError;
use crate::http::caller::caller;
use crate::http::extract::BodyLimit;
use crate::http::route;
use crate::service::{Service, idempotency};
use crate::store::idempotency::{Claim, StoredReply};

pub const HEADER: &str = "idempotency-key";
/// On a reply answered again from the first one.
pub const REPLAYED: &str = "idempotent-replayed";
/// Whether POSTs to the route `pattern` (as registered, `/v1/webhooks/{id}/rotate-secret`)
/// honour `Idempotency-Key`. Replies that hold tokens (sign-in, refresh, a password change, API,
/// feed and webhook secrets) are never stored nor replayed: a stored one would be a secret at
/// rest, and a replayed refresh would skip rotation. The sign-out routes need no key: they are
/// idempotent.
pub fn keeps_replies(pattern: &str) -> bool {
    let holds_secrets = pattern.starts_with("/v1/auth/")
        || matches!(
            pattern,
            "/v1/me/password"
                | "/v1/tokens"
                | "/v1/webhooks"
                | "/v1/me/calendar-token"
                | "/v1/webhooks/{id}/rotate-secret"
        );
    !holds_secrets
}
const KEY_MAX: usize = 255;
/// Headers worth replaying with a stored reply.
const KEPT_HEADERS: [HeaderName; 3] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG];

pub async fn idempotent_posts(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(key) = req.headers().get(HEADER).cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // An unrouted path is the fallback's 404 or 405: nothing to keep.
    let keeps = route::pattern(&req).is_some_and(|pattern| keeps_replies(&pattern));
    if req.method() != Method::POST || !keeps {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let (Some(service), Some(keys)) = (
        req.app_data::<web::Data<Service>>().cloned(),
        req.app_data::<web::Data<JwtKeys>>().cloned(),
    ) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Ok(user) = caller(&req, &keys).map(|u| u.key()) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = match valid_key(&key) {
        Ok(key) => key,
        Err(err) => return Ok(req.error_response(err)),
    };
    let limit = req.app_data::<BodyLimit>().map_or(64 * 1024, |l| l.0);
    let body = match read_body(&mut req, limit).await {
        Ok(body) => body,
        Err(err) => return Ok(req.error_response(err)),
    };
    let hash = request_hash(&req, &body);
    req.set_payload(actix_web::dev::Payload::from(body));

    match idempotency::claim(&service, user, key.clone(), hash).await {
        Err(err) => return Ok(req.error_response(ApiError::from(err))),
        Ok(Claim::Fresh) => {}
        Ok(Claim::Replay(reply)) => return Ok(req.into_response(replay(reply))),
        Ok(Claim::Mismatch) => return Ok(req.error_response(ApiError::IdempotencyKeyReused)),
        Ok(Claim::InFlight) => return Ok(req.error_response(ApiError::IdempotencyKeyInFlight)),
    }

    let outcome = next.call(req).await;
    let release = |service: web::Data<Service>, user: Id, key: String| async move {
        if let Err(err) = idempotency::release(&service, user, key).await {
            tracing::warn!(error = %err, "could not release an idempotency key");
        }
    };
    let res = match outcome {
        Ok(res) => res,
        Err(err) => {
            release(service, user, key).await;
            return Err(err);
        }
    };
    if res.status().is_server_error() {
        release(service, user, key).await;
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (head, res_body) = res.into_parts();
    let bytes = match body::to_bytes(res_body).await {
        Ok(bytes) => bytes,
        Err(_) => {
            release(service, user, key).await;
            return Ok(ServiceResponse::new(
                req,
                ApiError::internal("could not buffer a reply").error_response(),
            ));
        }
    };
    let reply = StoredReply {
        status: head.status().as_u16(),
        headers: stored_headers(head.headers()),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    };
    if let Err(err) = idempotency::finish(&service, user, key, reply).await {
        tracing::warn!(error = %err, "could not store an idempotent reply");
    }
    let response = head.set_body(bytes).map_into_boxed_body();
    Ok(ServiceResponse::new(req, response))
}

fn valid_key(value: &HeaderValue) -> Result<String, ApiError> {
    let key = value.to_str().unwrap_or("");
    if key.is_empty() || key.len() > KEY_MAX || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::parameter(
            "Idempotency-Key",
            format!("must be 1 to {KEY_MAX} visible ASCII characters"),
        ));
    }
    Ok(key.to_string())
}

async fn read_body(req: &mut ServiceRequest, limit: usize) -> Result<web::Bytes, ApiError> {
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|err| ApiError::BadRequest(format!("Could not read the body: {err}")))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// What makes two requests "the same": method, path (as routed), query, the body's media type
/// (a person is sent as JSON or as a vCard) and the body.
fn request_hash(req: &ServiceRequest, body: &[u8]) -> String {
    let media = crate::http::extract::media_type(req.request());
    let mut hasher = Sha256::new();
    for part in [
        req.method().as_str(),
        route::decoded_path(req),
        req.query_string(),
        media.as_str(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.update(body);
    token::hex(&hasher.finalize())
}

fn stored_headers(headers: &actix_web::http::header::HeaderMap) -> Vec<(String, String)> {
    KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = headers.get(name)?.to_str().ok()?;
            Some((name.as_str().to_string(), value.to_string()))
        })
        .collect()
}

/// The stored reply again, marked as a replay.
fn replay(reply: StoredReply) -> HttpResponse {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    for (name, value) in reply.headers {
        response.insert_header((name, value));
    }
    response.insert_header((REPLAYED, "true"));
    response.body(reply.body)
}
