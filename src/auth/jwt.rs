//! Access tokens: HS256 JWTs with `sub`, `iat`, `exp`, `iss` and `aud`, all checked, the algorithm
//! pinned so a token cannot choose how it is verified. The header names its type, `at+jwt`
//! (RFC 9068, as RFC 8725 §3.11 advises, so that no other JWT signed with the same key passes for
//! an access token), and its key, `kid`: tokens signed with a previous secret
//! (`FOLLOWUP_JWT_PREVIOUS_SECRETS`) stay valid until they expire, so a secret can be rotated
//! without signing anyone out.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Utc};
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::AuthError;
use crate::clock::Clock;
use crate::config::AuthSettings;

pub const TOKEN_TYPE: &str = "at+jwt";
/// How far apart the clocks of several instances may be.
const LEEWAY_SECONDS: u64 = 5;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    /// This token's own id (RFC 9068 asks it of an `at+jwt`): two tokens issued in the same
    /// second to the same user differ. A token from before it was added has none.
    #[serde(default)]
    pub jti: String,
}

pub struct JwtKeys {
    kid: String,
    encoding: EncodingKey,
    /// The current key first, then the previous ones, each with its `kid`.
    decoding: Vec<(String, DecodingKey)>,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl: chrono::Duration,
    clock: Clock,
    /// Users whose access tokens issued before a moment this server was told of (an account
    /// closed, every credential ended) are refused, until the last of those has expired. Other
    /// servers learn nothing of it: there, reads and writes find a closed account gone, and
    /// other tokens run out within their lifetime.
    revoked: Mutex<HashMap<Uuid, Revocation>>,
}

#[derive(Debug, Clone, Copy)]
struct Revocation {
    /// Tokens issued before this (`iat`, in seconds) are refused...
    issued_before: i64,
    /// ...until this, when none of them can be alive anyway.
    until: i64,
}

/// A key's public name: the start of its SHA-256, which says nothing usable about the key.
fn key_id(secret: &[u8]) -> String {
    crate::auth::token::hex(&Sha256::digest(secret)[..8])
}

impl JwtKeys {
    pub fn new(secret: &[u8], settings: &AuthSettings) -> Self {
        Self::with_previous(secret, &[], settings, Clock::System)
    }

    /// Signs with `secret`; also accepts tokens signed with any of `previous`.
    pub fn with_previous(
        secret: &[u8],
        previous: &[&[u8]],
        settings: &AuthSettings,
        clock: Clock,
    ) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        validation.set_required_spec_claims(&["sub", "iat", "exp", "iss", "aud"]);
        validation.leeway = LEEWAY_SECONDS;
        // Expiry is checked against the service's clock in `verify`, not the machine's.
        validation.validate_exp = false;
        let decoding = std::iter::once(secret)
            .chain(previous.iter().copied())
            .map(|key| (key_id(key), DecodingKey::from_secret(key)))
            .collect();
        Self {
            kid: key_id(secret),
            encoding: EncodingKey::from_secret(secret),
            decoding,
            validation,
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
            ttl: chrono::Duration::from_std(settings.access_ttl)
                .unwrap_or(chrono::Duration::minutes(15)),
            clock,
            revoked: Mutex::default(),
        }
    }

    /// Refuses every token issued to `user`: the account is gone.
    pub fn close_account(&self, user: Uuid) {
        self.revoke(user, i64::MAX);
    }

    /// Refuses every token issued to `user` until now, this second's included (`iat` counts
    /// whole seconds): a sign-in after it gets tokens that pass, a second later at most.
    pub fn revoke_issued_so_far(&self, user: Uuid) {
        self.revoke(user, self.clock.now().timestamp() + 1);
    }

    fn revoke(&self, user: Uuid, issued_before: i64) {
        let now = self.clock.now().timestamp();
        let until = now + self.ttl.num_seconds() + LEEWAY_SECONDS as i64;
        let mut revoked = self.revoked.lock().unwrap_or_else(PoisonError::into_inner);
        revoked.retain(|_, r| r.until > now);
        revoked.insert(
            user,
            Revocation {
                issued_before,
                until,
            },
        );
    }

    fn is_revoked(&self, user: &Uuid, issued_at: i64, now: i64) -> bool {
        let revoked = self.revoked.lock().unwrap_or_else(PoisonError::into_inner);
        revoked
            .get(user)
            .is_some_and(|r| r.until > now && issued_at < r.issued_before)
    }

    /// Lifetime of an access token, in seconds (the `expires_in` of a token response).
    pub fn ttl_seconds(&self) -> i64 {
        self.ttl.num_seconds()
    }

    pub fn issue(&self, user_id: Uuid, now: DateTime<Utc>) -> Result<String, AuthError> {
        let claims = Claims {
            sub: user_id.to_string(),
            iat: now.timestamp(),
            exp: (now + self.ttl).timestamp(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            jti: Uuid::now_v7().to_string(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(TOKEN_TYPE.into());
        header.kid = Some(self.kid.clone());
        encode(&header, &claims, &self.encoding).map_err(AuthError::internal)
    }

    /// The user a valid access token was issued to, if it has not expired yet.
    pub fn verify(&self, token: &str) -> Result<Uuid, AuthError> {
        self.verify_at(token, self.clock.now())
    }

    /// The user a valid access token was issued to, if it has not expired at `now`.
    pub fn verify_at(&self, token: &str, now: DateTime<Utc>) -> Result<Uuid, AuthError> {
        let invalid =
            || AuthError::Unauthorized("The access token is invalid or has expired".into());
        let header = decode_header(token).map_err(|_| invalid())?;
        if !header
            .typ
            .as_deref()
            .is_some_and(|typ| typ.eq_ignore_ascii_case(TOKEN_TYPE))
        {
            return Err(invalid());
        }
        let kid = header.kid.as_deref().ok_or_else(invalid)?;
        let (_, key) = self
            .decoding
            .iter()
            .find(|(id, _)| id == kid)
            .ok_or_else(invalid)?;
        let data = decode::<Claims>(token, key, &self.validation).map_err(|_| invalid())?;
        if data.claims.exp.saturating_add(LEEWAY_SECONDS as i64) <= now.timestamp() {
            return Err(invalid());
        }
        let user = Uuid::parse_str(&data.claims.sub).map_err(|_| invalid())?;
        if self.is_revoked(&user, data.claims.iat, now.timestamp()) {
            return Err(AuthError::Unauthorized(
                "This access token was revoked: sign in again".into(),
            ));
        }
        Ok(user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &[u8] = b"the previous secret, 32 bytes or more";
    const NEW: &[u8] = b"the current secret, also long enough!!";

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("instant")
            .with_timezone(&Utc)
    }

    #[test]
    fn tokens_name_their_type_and_key() {
        let keys = JwtKeys::new(NEW, &AuthSettings::default());
        let token = keys
            .issue(Uuid::now_v7(), at("2026-03-02T09:00:00Z"))
            .expect("signed");
        let header = decode_header(&token).expect("a JWT");
        assert_eq!(header.typ.as_deref(), Some("at+jwt"));
        assert_eq!(header.kid, Some(key_id(NEW)));
        assert_eq!(header.alg, Algorithm::HS256);
    }

    #[test]
    fn a_rotated_secret_keeps_old_tokens_valid_and_drops_them_when_removed() {
        let settings = AuthSettings::default();
        let user = Uuid::now_v7();
        let old_token = JwtKeys::new(OLD, &settings)
            .issue(user, at("2026-03-02T09:00:00Z"))
            .expect("signed");
        let rotated = JwtKeys::with_previous(NEW, &[OLD], &settings, Clock::System);
        assert_eq!(
            rotated
                .verify_at(&old_token, at("2026-03-02T09:01:00Z"))
                .expect("still valid"),
            user
        );
        let new_token = rotated
            .issue(user, at("2026-03-02T09:00:00Z"))
            .expect("signed");
        assert_eq!(
            rotated
                .verify_at(&new_token, at("2026-03-02T09:01:00Z"))
                .expect("valid"),
            user
        );
        let retired = JwtKeys::new(NEW, &settings);
        assert!(
            retired
                .verify_at(&old_token, at("2026-03-02T09:01:00Z"))
                .is_err()
        );
    }

    #[test]
    fn a_jwt_of_another_type_or_without_a_key_id_is_refused() {
        let settings = AuthSettings::default();
        let keys = JwtKeys::new(NEW, &settings);
        let claims = Claims {
            sub: Uuid::now_v7().to_string(),
            iat: at("2026-03-02T09:00:00Z").timestamp(),
            exp: at("2026-03-02T09:00:00Z").timestamp() + 600,
            iss: settings.issuer.clone(),
            aud: settings.audience.clone(),
            jti: String::new(),
        };
        let sign = |typ: Option<&str>, kid: Option<String>| {
            let mut header = Header::new(Algorithm::HS256);
            header.typ = typ.map(str::to_string);
            header.kid = kid;
            encode(&header, &claims, &EncodingKey::from_secret(NEW)).expect("signed")
        };
        assert!(
            keys.verify_at(
                &sign(Some("JWT"), Some(key_id(NEW))),
                at("2026-03-02T09:01:00Z")
            )
            .is_err()
        );
        assert!(
            keys.verify_at(&sign(Some("at+jwt"), None), at("2026-03-02T09:01:00Z"))
                .is_err()
        );
        assert!(
            keys.verify_at(
                &sign(Some("at+jwt"), Some(key_id(NEW))),
                at("2026-03-02T09:01:00Z")
            )
            .is_ok()
        );
    }

    #[test]
    fn a_token_expires_on_the_service_clock_not_the_machines() {
        let settings = AuthSettings::default();
        let keys = JwtKeys::new(NEW, &settings);
        let issued = at("2026-03-02T09:00:00Z");
        let token = keys.issue(Uuid::now_v7(), issued).expect("signed");
        let lifetime = chrono::Duration::seconds(keys.ttl_seconds());
        assert!(
            keys.verify_at(&token, issued + lifetime).is_ok(),
            "within leeway"
        );
        assert!(
            keys.verify_at(&token, issued + lifetime + chrono::Duration::seconds(5))
                .is_err()
        );
    }
}
