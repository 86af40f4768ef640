//! What an operation can fail with, in the service's terms. The API answers each as a problem
//! (`error::ApiError`, the one place that knows HTTP statuses); nothing here knows about HTTP.

use crate::auth::AuthError;
use crate::db::DbError;
use crate::domain::{FieldError, Invalid};
use crate::store::error::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input makes no valid domain values: every invalid field, with why.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The owner has no such live resource (another user's is not found either).
    #[error("{0}")]
    NotFound(String),
    /// The request contradicts what is stored: a task already done, a posting saved already.
    #[error("{detail}")]
    Conflict {
        field: Option<&'static str>,
        detail: String,
        /// The resource it conflicts with, when there is one to point at (`Location`).
        existing: Option<String>,
    },
    #[error("at most {max} {what}")]
    QuotaExceeded { what: &'static str, max: u32 },
    /// The client's `If-Match` names a version the resource no longer has.
    #[error("the resource has moved on from the version the request names")]
    PreconditionFailed,
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// Signed in, but not allowed: a token without the scope, or on a session's operation.
    #[error("{0}")]
    Forbidden(String),
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
    #[error("wait {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error(transparent)]
    Db(#[from] DbError),
    /// A failure of ours: logged in full, answered with nothing of it.
    #[error("{0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn internal(err: impl std::fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }

    /// One invalid field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(Invalid(vec![FieldError::new(field, message)]))
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::Conflict {
            field: None,
            detail: detail.into(),
            existing: None,
        }
    }
}

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound(detail) => Self::NotFound(detail),
            StoreError::Conflict { field, detail } => Self::Conflict {
                field,
                detail,
                existing: None,
            },
            StoreError::QuotaExceeded { what, max } => Self::QuotaExceeded { what, max },
            StoreError::AccountGone => Self::Db(DbError::AccountGone),
            StoreError::Corrupt(detail) => Self::Internal(format!("corrupt data: {detail}")),
            StoreError::Db(err) => Self::Db(err),
        }
    }
}

impl From<diesel::result::Error> for Error {
    fn from(err: diesel::result::Error) -> Self {
        Self::Db(DbError::Query(err))
    }
}

impl From<r2d2::Error> for Error {
    fn from(err: r2d2::Error) -> Self {
        Self::Db(DbError::Pool(err))
    }
}
