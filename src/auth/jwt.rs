//! Access tokens: HS256 JWTs with `sub`, `iat`, `exp`, `iss` and `aud`, all checked, the algorithm
//! pinned so a token cannot choose how it is verified.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::AuthSettings;
use crate::error::ApiError;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl: chrono::Duration,
}

impl JwtKeys {
    pub fn new(secret: &[u8], settings: &AuthSettings) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        validation.set_required_spec_claims(&["sub", "iat", "exp", "iss", "aud"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
            ttl: chrono::Duration::from_std(settings.access_ttl)
                .unwrap_or(chrono::Duration::minutes(15)),
        }
    }

    /// Lifetime of an access token, in seconds (the `expires_in` of a token response).
    pub fn ttl_seconds(&self) -> i64 {
        self.ttl.num_seconds()
    }

    pub fn issue(&self, user_id: Uuid, now: DateTime<Utc>) -> Result<String, ApiError> {
        let claims = Claims {
            sub: user_id.to_string(),
            iat: now.timestamp(),
            exp: (now + self.ttl).timestamp(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(ApiError::internal)
    }

    /// The user a valid access token was issued to.
    pub fn verify(&self, token: &str) -> Result<Uuid, ApiError> {
        let invalid =
            || ApiError::Unauthorized("The access token is invalid or has expired".into());
        let data =
            decode::<Claims>(token, &self.decoding, &self.validation).map_err(|_| invalid())?;
        Uuid::parse_str(&data.claims.sub).map_err(|_| invalid())
    }
}
