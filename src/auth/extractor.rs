//! `AuthUser`: the caller, authenticated from `Authorization: Bearer <access token>`, or from an
//! API token that `http::api_tokens` checked (scope included) before the handler ran.
//! Authorization is left to the queries, which all filter on `AuthUser::id`.

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::{Ready, ready};
use uuid::Uuid;

use crate::auth::JwtKeys;
use crate::error::ApiError;

#[derive(Debug, Clone, Copy)]
pub struct AuthUser {
    pub id: Uuid,
}

impl AuthUser {
    /// The owner id as stored in the database.
    pub fn key(&self) -> crate::domain::Id {
        crate::domain::Id::from(self.id)
    }
}

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

/// The caller of a request, verified once however many layers ask: the first (the write limit,
/// idempotency, or this extractor) checks the token, and the others reuse what it found.
pub fn caller(req: &impl HttpMessage, jwt: &JwtKeys) -> Result<AuthUser, ApiError> {
    if let Some(user) = req.extensions().get::<AuthUser>() {
        return Ok(*user);
    }
    let user = authenticate(req.headers(), jwt)?;
    req.extensions_mut().insert(user);
    Ok(user)
}

/// The user an `Authorization: Bearer <access token>` header names. API tokens were looked up
/// before routing (`http::api_tokens`); one that reaches here was not.
fn authenticate(headers: &HeaderMap, jwt: &JwtKeys) -> Result<AuthUser, ApiError> {
    let token = bearer(headers)?;
    if token.starts_with(crate::auth::token::API_TOKEN_PREFIX) {
        return Err(ApiError::Unauthorized(
            "This API token is unknown, revoked or expired".into(),
        ));
    }
    jwt.verify(token).map(|id| AuthUser { id })
}

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::Unauthorized("Send an access token: `Authorization: Bearer <token>`".into())
    })?;
    value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::Unauthorized("The Authorization header must be `Bearer <token>`".into())
        })
}
