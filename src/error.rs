//! The one error type of the API and its mapping to RFC 9457 problem+json, in one place.
//!
//! Handlers and extractors return `ApiError`; the layers below return their own errors
//! (`StoreError`, `DbError`, `domain::Invalid`), mapped here by `From`. Only this module decides
//! statuses, bodies and headers. Internal errors are logged in full here and answered with a body
//! that leaks nothing.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The most fields one 422 names: enough for any form, and a bound on the work a body of
/// thousands of bad members can cost (each pass reads what is left of the body again).
pub const MOST_ERRORS: usize = 20;

pub use crate::domain::FieldError;

/// An error as RFC 9457 describes it (`application/problem+json`).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/validation",
    "title": "Your request has invalid fields",
    "status": 422,
    "detail": "1 field is invalid",
    "errors": [{"field": "time_zone", "message": "is not a time zone this server knows: GET /v1/time-zones lists them"}]
}))]
pub struct Problem {
    /// A URI reference naming the kind of problem; stable, for clients to switch on. `GET` it
    /// for a page on what it means and what to do.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Present on validation problems (422): one entry per invalid field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<String> },
    #[error("conflict: {detail}")]
    Conflict {
        field: Option<&'static str>,
        detail: String,
        /// The resource it conflicts with (`Location`), when there is one to point at.
        location: Option<String>,
    },
    #[error("quota exceeded: {max} {what}")]
    QuotaExceeded { what: &'static str, max: u32 },
    #[error("precondition failed")]
    PreconditionFailed,
    /// An `Idempotency-Key` sent before with another request.
    #[error("idempotency key reused")]
    IdempotencyKeyReused,
    /// An `Idempotency-Key` whose first request is still running.
    #[error("idempotency key in flight")]
    IdempotencyKeyInFlight,
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    /// `Accept` names only representations the server cannot make.
    #[error("not acceptable: {0}")]
    NotAcceptable(String),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// A part of the server that loads on first use (`what`) is loading; nothing went wrong.
    #[error("{what} is loading")]
    Loading {
        what: &'static str,
        retry_after_secs: u64,
    },
    /// A part of the server that runs a bounded number of jobs at once (`what`) is full.
    #[error("{what} is busy")]
    Busy {
        what: &'static str,
        retry_after_secs: u64,
    },
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    /// A 422 about a query parameter, a header or a path segment: no body to point into.
    pub fn parameter(name: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::parameter(name, message)])
    }

    pub fn internal(err: impl std::fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }

    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            Self::Validation(_) => ("validation", "Your request has invalid fields"),
            Self::BadRequest(_) => ("bad-request", "The request could not be understood"),
            Self::Unauthorized(_) => ("unauthorized", "Authentication is required"),
            Self::Forbidden(_) => ("forbidden", "This token may not do that"),
            Self::NotFound(_) => ("not-found", "Not found"),
            Self::MethodNotAllowed { .. } => ("method-not-allowed", "Method not allowed"),
            Self::Conflict { .. } => ("conflict", "Conflict with the current state"),
            Self::QuotaExceeded { .. } => ("quota-exceeded", "An account limit is reached"),
            Self::PreconditionFailed => ("precondition-failed", "The resource has changed"),
            Self::IdempotencyKeyReused => (
                "idempotency-key-reused",
                "This Idempotency-Key was sent with another request",
            ),
            Self::IdempotencyKeyInFlight => (
                "idempotency-key-in-flight",
                "The first request with this Idempotency-Key is still running",
            ),
            Self::PayloadTooLarge { .. } => ("payload-too-large", "Request body too large"),
            Self::UnsupportedMediaType(_) => ("unsupported-media-type", "Unsupported media type"),
            Self::NotAcceptable(_) => ("not-acceptable", "No representation you accept"),
            Self::TooManyRequests { .. } => ("rate-limited", "Too many requests"),
            Self::Unavailable(_) => ("unavailable", "Service unavailable"),
            Self::Loading { .. } => ("loading", "Not ready yet"),
            Self::Busy { .. } => ("busy", "Busy"),
            Self::Internal(_) => ("internal", "Internal server error"),
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::Validation(errors) if errors.len() == 1 => "1 field is invalid".into(),
            Self::Validation(errors) if errors.len() >= MOST_ERRORS => {
                format!(
                    "At least {} fields are invalid: these are the first",
                    errors.len()
                )
            }
            Self::Validation(errors) => format!("{} fields are invalid", errors.len()),
            Self::BadRequest(d)
            | Self::Unauthorized(d)
            | Self::Forbidden(d)
            | Self::NotFound(d)
            | Self::UnsupportedMediaType(d)
            | Self::NotAcceptable(d) => d.clone(),
            Self::Unavailable(_) => "A dependency is not answering; try again shortly".into(),
            Self::Loading {
                what,
                retry_after_secs,
            } => format!(
                "The {what} is loading; try again in {}",
                seconds(*retry_after_secs)
            ),
            Self::Busy {
                what,
                retry_after_secs,
            } => format!(
                "The {what} is running as many checks as it can at once; try again in {}",
                seconds(*retry_after_secs)
            ),
            Self::Conflict { detail, .. } => detail.clone(),
            Self::MethodNotAllowed { allow } => {
                format!("This path accepts: {}", allow.join(", "))
            }
            Self::QuotaExceeded { what, max } => {
                format!("An account holds at most {max} {what}; delete some to add more")
            }
            Self::PreconditionFailed => {
                "The resource no longer matches If-Match; fetch it again and retry".into()
            }
            Self::IdempotencyKeyReused => "The key was first sent with another method, path, \
                query or body; use a new key for a new request"
                .into(),
            Self::IdempotencyKeyInFlight => {
                "Wait for the first request to finish, then retry with the same key".into()
            }
            Self::PayloadTooLarge { limit } => {
                format!("Request bodies are limited to {limit} bytes")
            }
            Self::TooManyRequests { retry_after_secs } => {
                format!("Slow down; try again in {}", seconds(*retry_after_secs))
            }
            Self::Internal(_) => "Something went wrong on our side; it has been logged".into(),
        }
    }

    pub fn to_problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let errors = match self {
            Self::Validation(errors) => Some(errors.clone()),
            Self::Conflict {
                field: Some(field),
                detail,
                ..
            } => Some(vec![FieldError::new(*field, detail.clone())]),
            _ => None,
        };
        Problem {
            problem_type: format!("/problems/{slug}"),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            errors,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } | Self::QuotaExceeded { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            Self::IdempotencyKeyInFlight => StatusCode::CONFLICT,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) | Self::Loading { .. } | Self::Busy { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(%cause, "internal error"),
            Self::Unavailable(cause) => tracing::warn!(%cause, "service unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        match self {
            Self::Unauthorized(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::TooManyRequests { retry_after_secs }
            | Self::Loading {
                retry_after_secs, ..
            }
            | Self::Busy {
                retry_after_secs, ..
            } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, UNAVAILABLE_RETRY_SECS.to_string()));
            }
            Self::MethodNotAllowed { allow } => {
                response.insert_header((header::ALLOW, allow.join(", ")));
            }
            // The answer turned on `Accept`: a cache keeps it apart from other `Accept`s.
            Self::NotAcceptable(_) => {
                response.insert_header((header::VARY, "Accept"));
            }
            Self::Conflict {
                location: Some(location),
                ..
            } => {
                response.insert_header((header::LOCATION, location.as_str()));
            }
            _ => {}
        }
        response.body(serde_json::to_string(&self.to_problem()).unwrap_or_default())
    }
}

/// How long a client should wait before retrying while the database does not answer: the pool
/// tries a new connection on the next request, so recovery needs no restart.
pub const UNAVAILABLE_RETRY_SECS: u64 = 5;

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            Error::NotFound => Self::NotFound("Not found".into()),
            // A connection lost under a query (the database stopped or restarted) is an outage,
            // not a fault of ours: 503 with Retry-After, like a pool that cannot connect.
            Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => Self::Unavailable(format!("database connection lost: {}", info.message())),
            Error::BrokenTransactionManager => {
                Self::Unavailable("database connection lost in a transaction".into())
            }
            // diesel names the field and keeps why in the source: the log gets both.
            other => Self::Internal(format!("database: {}", with_sources(&other))),
        }
    }
}

/// An error and its sources, `: `-separated.
pub fn with_sources(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl From<r2d2::Error> for ApiError {
    fn from(err: r2d2::Error) -> Self {
        Self::Unavailable(format!("no database connection: {err}"))
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(err: crate::db::DbError) -> Self {
        use crate::db::DbError;
        match err {
            DbError::Query(err) => err.into(),
            DbError::Pool(err) => err.into(),
            DbError::Connection(err) => Self::Unavailable(format!("no database connection: {err}")),
            DbError::Closed => Self::Unavailable("the connection pool is closed".into()),
            DbError::AccountGone => Self::Unauthorized("This account no longer exists".into()),
            other => Self::internal(other),
        }
    }
}

impl From<crate::store::error::StoreError> for ApiError {
    fn from(err: crate::store::error::StoreError) -> Self {
        use crate::store::error::StoreError;
        match err {
            StoreError::NotFound(detail) => Self::NotFound(detail),
            StoreError::Conflict { field, detail } => Self::Conflict {
                field,
                detail,
                location: None,
            },
            StoreError::QuotaExceeded { what, max } => Self::QuotaExceeded { what, max },
            StoreError::AccountGone => Self::Unauthorized("This account no longer exists".into()),
            StoreError::Corrupt(detail) => Self::Internal(format!("corrupt data: {detail}")),
            StoreError::Db(err) => err.into(),
        }
    }
}

impl From<crate::service::Error> for ApiError {
    fn from(err: crate::service::Error) -> Self {
        use crate::service::Error;
        match err {
            Error::Invalid(invalid) => Self::Validation(invalid.0),
            Error::NotFound(detail) => Self::NotFound(detail),
            Error::Conflict {
                field,
                detail,
                existing,
            } => Self::Conflict {
                field,
                detail,
                location: existing,
            },
            Error::QuotaExceeded { what, max } => Self::QuotaExceeded { what, max },
            Error::PreconditionFailed => Self::PreconditionFailed,
            Error::Auth(err) => err.into(),
            Error::Forbidden(detail) => Self::Forbidden(detail),
            Error::Loading {
                what,
                retry_after_secs,
            } => Self::Loading {
                what,
                retry_after_secs,
            },
            Error::Busy {
                what,
                retry_after_secs,
            } => Self::Busy {
                what,
                retry_after_secs,
            },
            Error::TooManyRequests { retry_after_secs } => {
                Self::TooManyRequests { retry_after_secs }
            }
            Error::Db(err) => err.into(),
            Error::Internal(detail) => Self::Internal(detail),
        }
    }
}

impl From<crate::auth::AuthError> for ApiError {
    fn from(err: crate::auth::AuthError) -> Self {
        use crate::auth::AuthError;
        match err {
            AuthError::Unauthorized(detail) => Self::Unauthorized(detail),
            AuthError::Busy(detail) => Self::Unavailable(detail),
            AuthError::Internal(detail) => Self::Internal(detail),
        }
    }
}

impl From<crate::domain::Invalid> for ApiError {
    fn from(err: crate::domain::Invalid) -> Self {
        Self::Validation(err.0)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// `1 second`, `5 seconds`.
fn seconds(n: u64) -> String {
    if n == 1 {
        "1 second".into()
    } else {
        format!("{n} seconds")
    }
}

#[cfg(test)]
mod tests {
    use actix_web::body::MessageBody;

    use super::*;

    fn body(err: &ApiError) -> (StatusCode, String, String) {
        let response = err.error_response();
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let bytes = response.into_body().try_into_bytes().unwrap_or_default();
        (
            status,
            content_type,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    #[test]
    fn internal_errors_leak_nothing() {
        let err = ApiError::internal("database: relation \"users\" does not exist at 10.0.0.5");
        let (status, content_type, text) = body(&err);
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(content_type, PROBLEM_JSON);
        assert!(
            !text.contains("users") && !text.contains("10.0.0.5"),
            "{text}"
        );
        assert!(text.contains("\"status\":500"));
        let (status, _, text) = body(&ApiError::Unavailable("pool timed out on db-host".into()));
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(!text.contains("db-host"), "{text}");
    }

    #[test]
    fn a_lost_connection_is_an_outage_with_retry_after() {
        use diesel::result::{DatabaseErrorKind, Error};
        for kind in [
            DatabaseErrorKind::ClosedConnection,
            DatabaseErrorKind::UnableToSendCommand,
        ] {
            let lost =
                Error::DatabaseError(kind, Box::new("server closed the connection".to_string()));
            let response = ApiError::from(lost).error_response();
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(
                response
                    .headers()
                    .get(header::RETRY_AFTER)
                    .map(|v| v.as_bytes()),
                Some(UNAVAILABLE_RETRY_SECS.to_string().as_bytes())
            );
        }
        let broken = Error::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            Box::new("duplicate".to_string()),
        );
        assert_eq!(
            ApiError::from(broken).status_code(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn conflicts_name_their_field_and_401s_challenge() {
        let err = ApiError::Conflict {
            field: Some("email"),
            detail: "taken".into(),
            location: None,
        };
        let problem = err.to_problem();
        assert_eq!(problem.status, 409);
        assert_eq!(
            problem.errors.map(|e| e[0].field.clone()).as_deref(),
            Some("email")
        );
        let response = ApiError::Unauthorized("no".into()).error_response();
        assert_eq!(
            response
                .headers()
                .get(header::WWW_AUTHENTICATE)
                .map(|v| v.as_bytes()),
            Some(&b"Bearer"[..])
        );
    }
}
