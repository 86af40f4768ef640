//! What authentication can fail with, in its own terms; the API answers each as a problem
//! (`error::ApiError`), the service passes them on.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Missing, malformed, expired or revoked credentials: the message says which.
    #[error("{0}")]
    Unauthorized(String),
    /// Every argon2 slot is taken: retry shortly.
    #[error("{0}")]
    Busy(String),
    /// A failure of ours (no randomness, a key that does not encode).
    #[error("{0}")]
    Internal(String),
}

impl AuthError {
    pub fn internal(err: impl std::fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }
}
