//! Password hashing with argon2id at OWASP's parameters (m=19456 KiB, t=2, p=1).
//!
//! Both functions are CPU-heavy and blocking: call them inside `web::block`. An unknown email is
//! verified against a dummy hash so that response time does not reveal which accounts exist.

use std::sync::LazyLock;

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

/// `hash` on actix's blocking pool.
pub async fn hash_off_thread(password: crate::domain::Password) -> Result<String, ApiError> {
    actix_web::web::block(move || hash(password.expose()))
        .await
        .map_err(ApiError::internal)?
}

/// `verify` on actix's blocking pool.
pub async fn verify_off_thread(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    actix_web::web::block(move || verify(&password, stored.as_deref()))
        .await
        .map_err(ApiError::internal)
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
