//! Password hashing with argon2id at OWASP's parameters (m=19456 KiB, t=2, p=1).
//!
//! Both functions are CPU-heavy and blocking: call them inside `web::block`. An unknown email is
//! verified against a dummy hash so that response time does not reveal which accounts exist.
//! Each run holds 19 MiB; at most one per core runs at once, so a flood of logins queues instead
//! of exhausting memory, and a request that waits too long for its turn answers 503.

use std::sync::LazyLock;
use std::time::Duration;

use tokio::sync::Semaphore;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::ApiError;

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::DEFAULT)
}

pub fn hash(password: &str) -> Result<String, ApiError> {
    argon2()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(ApiError::internal)
}

/// A real hash with the same parameters, computed once, for accounts that do not exist.
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| hash("followup dummy password for timing").ok());

/// Whether `password` matches `stored`; with `None`, spends the same time and says no.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let (stored, known) = match stored {
        Some(stored) => (stored, true),
        None => match DUMMY_HASH.as_deref() {
            Some(dummy) => (dummy, false),
            None => return false,
        },
    };
    let matches = PasswordHash::new(stored)
        .map(|parsed| {
            argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    matches && known
}

/// Argon2 runs allowed at once: one per core.
static SLOTS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// The longest a request waits for an argon2 slot before it is told to come back.
const SLOT_WAIT: Duration = Duration::from_secs(10);

/// Runs `work` on actix's blocking pool once a slot is free.
async fn in_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let busy = || ApiError::Unavailable("The server is busy signing people in".into());
    let _slot = tokio::time::timeout(SLOT_WAIT, SLOTS.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    actix_web::web::block(work)
        .await
        .map_err(ApiError::internal)
}

/// `hash` on actix's blocking pool.
pub async fn hash_off_thread(password: crate::domain::Password) -> Result<String, ApiError> {
    in_slot(move || hash(password.expose())).await?
}

/// `verify` on actix's blocking pool.
pub async fn verify_off_thread(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    in_slot(move || verify(&password, stored.as_deref())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_at_owasp_parameters() {
        let hashed = hash("correct horse battery").expect("hash");
        assert!(
            hashed.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hashed}"
        );
        assert!(verify("correct horse battery", Some(&hashed)));
        assert!(!verify("wrong horse battery", Some(&hashed)));
    }

    #[test]
    fn salts_differ_between_hashes() {
        assert_ne!(hash("same").expect("hash"), hash("same").expect("hash"));
    }

    #[test]
    fn unknown_accounts_never_verify() {
        assert!(!verify("followup dummy password for timing", None));
        assert!(!verify("anything", Some("not a phc string")));
    }
}
