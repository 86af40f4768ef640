//! The caller of a request (`AuthUser`), verified once however many layers ask: the first (the
//! write limit, idempotency, or the handler's extractor) checks the token, and the others reuse
//! what it found.

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::{Ready, ready};

use crate::auth::extractor::authenticate;
use crate::auth::{AuthUser, JwtKeys};
use crate::error::ApiError;

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let keys = req
            .app_data::<web::Data<JwtKeys>>()
            .ok_or_else(|| ApiError::internal("the token keys are not registered"));
        ready(keys.and_then(|keys| caller(req, keys)))
    }
}

pub fn caller(req: &impl HttpMessage, jwt: &JwtKeys) -> Result<AuthUser, ApiError> {
    if let Some(user) = req.extensions().get::<AuthUser>() {
        return Ok(*user);
    }
    let user = authenticate(bearer(req.headers())?, jwt)?;
    req.extensions_mut().insert(user);
    Ok(user)
}

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers.get(header::AUTHORIZATION).map(|v| v.as_bytes());
    Ok(crate::auth::extractor::bearer(value)?)
}
