//! Signing in: registration, login, refresh-token rotation and logout. Access tokens are
//! short-lived JWTs; refresh tokens are opaque, stored as digests and rotated on every use, and
//! replaying a used one revokes its whole family.

use std::net::IpAddr;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::auth::{AuthError, JwtKeys, password, token};
use crate::config::AuthSettings;
use crate::db::{DbConnection, Stamp};
use crate::domain::{Email, Id, Password, TimeZone};
use crate::service::throttle::LoginThrottle;
use crate::service::{Error, Result, Service};
use crate::store::new_id;
use crate::store::refresh_tokens::{self, NewRefreshToken};
use crate::store::users::{self, NewUser, User};

const REFRESH_PREFIX: &str = "rt_";

/// What signs people in: the token keys, the lifetimes, and the login throttle.
#[derive(Clone, Copy)]
pub struct Sessions<'a> {
    pub service: &'a Service,
    pub jwt: &'a Arc<JwtKeys>,
    pub settings: &'a AuthSettings,
    pub throttle: &'a LoginThrottle,
}

/// A signed-in session's tokens, and whose they are.
pub struct Issued {
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: User,
}

/// A new account, its fields parsed.
pub struct NewAccount {
    pub email: Email,
    pub password: Password,
    pub name: String,
    pub time_zone: TimeZone,
}

/// Why a refresh token was refused.
enum Rotation {
    Rotated(Box<Issued>),
    /// The token had been used or revoked before: its family is now revoked.
    Replayed,
    Invalid,
}

impl Sessions<'_> {
    /// Creates the account and signs it in.
    pub async fn register(self, client: IpAddr, account: NewAccount) -> Result<Issued> {
        self.throttle.request(client).await?;
        let password_hash = password::hash_off_thread(account.password).await?;
        let now = self.service.clock().now();
        let family = self.start(now)?;
        let (jwt, ttl) = (self.jwt.clone(), self.refresh_ttl()?);
        self.service
            .write_session(move |conn| {
                let user = users::insert(
                    conn,
                    &NewUser {
                        id: new_id(),
                        email: account.email.as_str().to_string(),
                        password_hash,
                        name: account.name,
                        time_zone: account.time_zone.name().to_string(),
                        strengths: "[]".into(),
                        created_at: Stamp(now),
                        updated_at: Stamp(now),
                    },
                )?;
                issue(conn, &jwt, ttl, user, &family, now)
            })
            .await
    }

    /// Signs in with email and password, throttled as OWASP advises (`service::throttle`).
    /// Known and unknown emails get the same answers, after the same argon2 work.
    pub async fn login(self, client: IpAddr, email: String, given: String) -> Result<Issued> {
        self.throttle.request(client).await?;
        // Throttled on the address as typed, account or not: the answers cannot tell them apart.
        let attempt = self.throttle.attempt(&email, client).await?;
        let lookup = Email::parse(&email).ok().map(|e| e.as_str().to_string());
        let user = match lookup {
            Some(lookup) => {
                self.service
                    .read(move |conn| Ok(users::find_by_email(conn, &lookup)?))
                    .await?
            }
            None => None,
        };
        // Verified off the pool: argon2 takes tens of milliseconds and needs no connection.
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        let verified = password::verify_off_thread(given, stored).await?;
        let Some(user) = user.filter(|_| verified) else {
            self.throttle.failed(&attempt).await?;
            return Err(AuthError::Unauthorized("The email or password is wrong".into()).into());
        };
        self.throttle.succeeded(&attempt).await?;
        let now = self.service.clock().now();
        let family = self.start(now)?;
        let (jwt, ttl) = (self.jwt.clone(), self.refresh_ttl()?);
        self.service
            .write_session(move |conn| issue(conn, &jwt, ttl, user, &family, now))
            .await
    }

    /// Exchanges a refresh token for a new pair; a used one revokes its family instead.
    pub async fn refresh(self, token: &str) -> Result<Issued> {
        let hash = token::digest(token);
        let now = self.service.clock().now();
        let (jwt, ttl) = (self.jwt.clone(), self.refresh_ttl()?);
        // The revocation on replay must commit, so the write returns it as a value.
        let rotation = self
            .service
            .write_session(move |conn| {
                let Some(row) = refresh_tokens::find_by_hash(conn, &hash)? else {
                    return Ok(Rotation::Invalid);
                };
                if row.expires_at <= now {
                    return Ok(Rotation::Invalid);
                }
                let fresh = row.used_at.is_none() && row.revoked_at.is_none();
                if !fresh || !refresh_tokens::mark_used(conn, &row.id, now)? {
                    refresh_tokens::revoke_family(conn, &row.family_id, now)?;
                    return Ok(Rotation::Replayed);
                }
                let Some(user) = users::find(conn, &row.user_id)? else {
                    return Ok(Rotation::Invalid);
                };
                let family = Family {
                    id: row.family_id,
                    ends: row.family_ends(),
                };
                issue(conn, &jwt, ttl, user, &family, now)
                    .map(|issued| Rotation::Rotated(Box::new(issued)))
            })
            .await?;
        match rotation {
            Rotation::Rotated(issued) => Ok(*issued),
            Rotation::Replayed => Err(AuthError::Unauthorized(
                "This refresh token was already used; every session started from it is now \
                 signed out"
                    .into(),
            )
            .into()),
            Rotation::Invalid => Err(AuthError::Unauthorized(
                "The refresh token is invalid or has expired".into(),
            )
            .into()),
        }
    }

    /// Revokes the refresh token's session, known or not.
    pub async fn logout(self, token: &str) -> Result<()> {
        let hash = token::digest(token);
        let now = self.service.clock().now();
        self.service
            .write_session(move |conn| {
                if let Some(row) = refresh_tokens::find_by_hash(conn, &hash)? {
                    refresh_tokens::revoke_family(conn, &row.family_id, now)?;
                }
                Ok(())
            })
            .await
    }

    /// A new login's family: it ends `session_max` from now, however often it rotates.
    pub fn start(&self, now: DateTime<Utc>) -> Result<Family> {
        let max = chrono::Duration::from_std(self.settings.session_max).map_err(Error::internal)?;
        Ok(Family {
            id: new_id(),
            ends: now + max,
        })
    }

    pub fn refresh_ttl(&self) -> Result<chrono::Duration> {
        chrono::Duration::from_std(self.settings.refresh_ttl).map_err(Error::internal)
    }
}

/// The refresh tokens descended from one login, and when that login must be made again.
pub struct Family {
    pub id: Id,
    pub ends: DateTime<Utc>,
}

/// A new access token and a new refresh token in `family`.
pub fn issue(
    conn: &mut DbConnection,
    jwt: &JwtKeys,
    ttl: chrono::Duration,
    user: User,
    family: &Family,
    now: DateTime<Utc>,
) -> Result<Issued> {
    let refresh_token = token::generate(REFRESH_PREFIX)?;
    refresh_tokens::insert(
        conn,
        &NewRefreshToken {
            id: new_id(),
            user_id: &user.id,
            family_id: &family.id,
            token_hash: &token::digest(&refresh_token),
            created_at: Stamp(now),
            expires_at: Stamp((now + ttl).min(family.ends)),
            family_expires_at: Some(Stamp(family.ends)),
        },
    )?;
    Ok(Issued {
        access_token: jwt.issue(user.id.uuid(), now)?,
        refresh_token,
        expires_in: jwt.ttl_seconds(),
        user,
    })
}
