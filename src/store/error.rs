//! What can go wrong in the store, in its own terms. The API maps each to a problem+json answer
//! in one place (`ApiError`'s `From` impls); nothing here knows about HTTP.

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The owner has no such live row (another user's rows are not found either).
    #[error("{0}")]
    NotFound(String),
    /// The write contradicts what is stored: a taken email, a row changed meanwhile.
    #[error("{detail}")]
    Conflict {
        field: Option<&'static str>,
        detail: String,
    },
    #[error("at most {max} {what}")]
    QuotaExceeded { what: &'static str, max: u32 },
    /// The account was removed while a request of it was under way.
    #[error("the account no longer exists")]
    AccountGone,
    /// A stored value outside its domain: a bug or a hand edit, never read as a default.
    #[error("stored data out of its domain: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for StoreError {
    fn from(err: diesel::result::Error) -> Self {
        Self::Db(DbError::Query(err))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
