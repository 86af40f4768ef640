//! `AuthUser`: the caller, authenticated from `Authorization: Bearer <access token>`, or from an
//! API token that `http::api_tokens` checked (scope included) before the handler ran.
//! Authorization is left to the queries, which all filter on `AuthUser::id`. Reading it from a
//! request is HTTP's (`http::caller`); what makes a token valid is here.

use uuid::Uuid;

use crate::auth::{AuthError, JwtKeys};

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

/// The user a bearer token names. API tokens were looked up before routing
/// (`http::api_tokens`); one that reaches here was not.
pub fn authenticate(token: &str, jwt: &JwtKeys) -> Result<AuthUser, AuthError> {
    if token.starts_with(crate::auth::token::API_TOKEN_PREFIX) {
        return Err(AuthError::Unauthorized(
            "This API token is unknown, revoked or expired".into(),
        ));
    }
    jwt.verify(token).map(|id| AuthUser { id })
}

/// The token of an `Authorization` header's value (`Bearer <token>`).
pub fn bearer(header: Option<&[u8]>) -> Result<&str, AuthError> {
    let value = header.ok_or_else(|| {
        AuthError::Unauthorized("Send an access token: `Authorization: Bearer <token>`".into())
    })?;
    std::str::from_utf8(value)
        .ok()
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            AuthError::Unauthorized("The Authorization header must be `Bearer <token>`".into())
        })
}
