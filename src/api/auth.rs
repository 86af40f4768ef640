//! Registration, login, refresh-token rotation and logout.
//!
//! Access tokens are short-lived JWTs; refresh tokens are opaque, stored as digests and rotated
//! on every use. Replaying a used refresh token revokes its whole family: whoever stole it and
//! whoever it was stolen from must both sign in again.

use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::me::{NAME_MAX, UserResponse};
use crate::auth::{password, token};
use crate::db::{DbConnection, Stamp};
use crate::domain::{EMAIL_MAX, Email, Fields, Id, PASSWORD_MAX, Password, TimeZone, bounded};
use crate::error::{ApiError, ApiResult};
use crate::http::client_addr::client_bucket;
use crate::http::extract::Json;
use crate::state::AppState;
use crate::store::refresh_tokens::{self, NewRefreshToken};
use crate::store::users::{self, NewUser, User};
use crate::store::{self, new_id};

const REFRESH_PREFIX: &str = "rt_";

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "email": "ada@example.com", "password": "correct horse battery", "name": "Ada Lovelace",
    "time_zone": "Europe/London"
}))]
pub struct RegisterRequest {
    #[schema(schema_with = crate::domain::email_schema::<false>)]
    pub email: String,
    /// 8 to 256 characters.
    #[schema(min_length = 8, max_length = 256)]
    pub password: String,
    #[schema(schema_with = crate::domain::text_schema::<100, false, true>)]
    pub name: Option<String>,
    /// `UTC` when left out.
    #[schema(value_type = Option<crate::domain::TimeZoneName>)]
    pub time_zone: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "ada@example.com", "password": "correct horse battery"}))]
pub struct LoginRequest {
    /// Whatever the account was registered with; an address that is not one answers 401, as
    /// an unknown one does.
    #[schema(max_length = 254)]
    pub email: String,
    #[schema(max_length = 256)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "rt_3q2-7wEXAMPLEd4x9Qm0aB1cD2eF3gH4iJ5kL6mN7o"}))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Opaque; exchange it at `/v1/auth/refresh` for a new pair. Each works once.
    pub refresh_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
    pub user: UserResponse,
}

struct NewAccount {
    email: Email,
    password: Password,
    name: String,
    time_zone: TimeZone,
}

impl RegisterRequest {
    fn parse(self) -> ApiResult<NewAccount> {
        let mut fields = Fields::default();
        let email = fields.check("email", Email::parse(&self.email));
        let password = fields.check("password", Password::parse(self.password));
        let name = fields.check(
            "name",
            bounded(self.name.as_deref().unwrap_or(""), NAME_MAX),
        );
        let time_zone = match self.time_zone {
            Some(tz) => fields.check("time_zone", TimeZone::parse(&tz)),
            None => Some(TimeZone::default()),
        };
        match (email, password, name, time_zone) {
            (Some(email), Some(password), Some(name), Some(time_zone)) => Ok(NewAccount {
                email,
                password,
                name,
                time_zone,
            }),
            _ => Err(fields.into_error().into()),
        }
    }
}

/// Create an account and sign in.
///
/// Registers a new account and answers with tokens at once, as a login would. The email must
/// not be registered yet (409 otherwise); the password needs at least 8 characters.
/// Rate-limited per client address (429 with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, body = TokenResponse, description = "Registered and signed in: your tokens and account", headers(("Cache-Control" = String, description = "Always `no-store`: the reply holds secrets"))),
        crate::http::responses::BodyErrors,
        (status = 409, response = crate::http::responses::Conflict),
        (status = 429, response = crate::http::responses::TooManyRequests),
    )
)]
#[post("/v1/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    state.login_throttle.request(client(&state, &req)).await?;
    let account = body.0.parse()?;
    let password_hash = password::hash_off_thread(account.password).await?;
    let st = state.clone();
    let clock = state.service.clock().clone();
    let tokens = state
        .service
        .write_session(move |conn| {
            let now = clock.now();
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
            issue_tokens(conn, &st, user, &Family::start(&st, now)?, now)
        })
        .await?;
    Ok(token_reply(HttpResponse::Created(), &tokens))
}

/// Sign in with email and password.
///
/// Answers with a short-lived access token (a JWT, `expires_in` seconds) and a refresh token.
/// Send the access token as `Authorization: Bearer <token>`; in Swagger UI, press **Authorize**
/// and paste it. Failed attempts slow down further ones from the same client address (429 with
/// `Retry-After`), per account and overall; they never lock the account, so its owner can sign
/// in from elsewhere. Known and unknown emails get the same answers.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse, description = "Signed in: your tokens and account", headers(("Cache-Control" = String, description = "Always `no-store`: the reply holds secrets"))),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 429, response = crate::http::responses::TooManyRequests),
    )
)]
#[post("/v1/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let client = client(&state, &req);
    state.login_throttle.request(client).await?;
    let LoginRequest { email, password } = body.0;
    let mut fields = Fields::default();
    if email.chars().count() > EMAIL_MAX {
        fields.push("email", format!("must be at most {EMAIL_MAX} characters"));
    }
    if password.chars().count() > PASSWORD_MAX {
        fields.push(
            "password",
            format!("must be at most {PASSWORD_MAX} characters"),
        );
    }
    fields.finish()?;
    // Throttled on the address as typed, account or not: the answers cannot tell them apart.
    let attempt = state.login_throttle.attempt(&email, client).await?;
    // Not an address at all is answered as an unknown one: the same 401, after the same argon2
    // work against the dummy hash, so neither the status nor the timing tells them apart.
    let lookup = Email::parse(&email).ok().map(|e| e.as_str().to_string());
    let user = match lookup {
        Some(lookup) => {
            state
                .service
                .read(move |conn| Ok(users::find_by_email(conn, &lookup)?))
                .await?
        }
        None => None,
    };
    // Verified off the pool: argon2 takes tens of milliseconds and needs no connection.
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let verified = password::verify_off_thread(password, stored).await?;
    let Some(user) = user.filter(|_| verified) else {
        state.login_throttle.failed(&attempt).await?;
        return Err(wrong_credentials());
    };
    state.login_throttle.succeeded(&attempt).await?;
    let st = state.clone();
    let clock = state.service.clock().clone();
    let tokens = state
        .service
        .write_session(move |conn| {
            let now = clock.now();
            issue_tokens(conn, &st, user, &Family::start(&st, now)?, now)
        })
        .await?;
    Ok(token_reply(HttpResponse::Ok(), &tokens))
}

/// The throttling key of the request's client (see `http::client_addr`).
pub(crate) fn client(state: &AppState, req: &HttpRequest) -> std::net::IpAddr {
    client_bucket(req, &state.config.trusted_proxies)
}

fn wrong_credentials() -> ApiError {
    ApiError::Unauthorized("The email or password is wrong".into())
}

enum Rotation {
    Rotated(Box<TokenResponse>),
    /// The token had been used or revoked before: its family is now revoked.
    Replayed,
    Invalid,
}

/// Exchange a refresh token for new tokens.
///
/// Rotates the refresh token: the one sent is used up and a new pair comes back. Sending a used
/// refresh token again revokes its whole family (every token descended from the same login),
/// since it means the token was stolen.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenResponse, description = "A new access token and a new refresh token; the one sent is now used up", headers(("Cache-Control" = String, description = "Always `no-store`: the reply holds secrets"))),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[post("/v1/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let hash = token::digest(&body.0.refresh_token);
    let st = state.clone();
    // The revocation on replay must commit, so the session write returns it as a value.
    let clock = state.service.clock().clone();
    let rotation = state
        .service
        .write_session(move |conn| {
            let now = clock.now();
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
            issue_tokens(conn, &st, user, &family, now)
                .map(|tokens| Rotation::Rotated(Box::new(tokens)))
        })
        .await?;
    match rotation {
        Rotation::Rotated(tokens) => Ok(token_reply(HttpResponse::Ok(), &tokens)),
        Rotation::Replayed => Err(ApiError::Unauthorized(
            "This refresh token was already used; every session started from it is now signed out"
                .into(),
        )),
        Rotation::Invalid => Err(ApiError::Unauthorized(
            "The refresh token is invalid or has expired".into(),
        )),
    }
}

/// Revoke a refresh token.
///
/// Answers 204 whether or not the token was known, so it can be retried safely. Access tokens
/// already issued stay valid until they expire (at most 15 minutes).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Signed out"),
        crate::http::responses::BodyErrors,
    )
)]
#[post("/v1/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let hash = token::digest(&body.0.refresh_token);
    let clock = state.service.clock().clone();
    state
        .service
        .write_session(move |conn| {
            if let Some(row) = refresh_tokens::find_by_hash(conn, &hash)? {
                refresh_tokens::revoke_family(conn, &row.family_id, clock.now())?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Tokens are secrets: no cache, shared or private, may keep a reply that holds them (RFC 6749
/// §5.1 asks the same of OAuth token replies).
pub fn token_reply(
    mut reply: actix_web::HttpResponseBuilder,
    tokens: &TokenResponse,
) -> HttpResponse {
    reply
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(tokens)
}

/// The refresh tokens descended from one login, and when that login must be made again.
pub struct Family {
    pub id: Id,
    pub ends: DateTime<Utc>,
}

impl Family {
    /// A new login's family: it ends `session_max` from now, however often it rotates.
    pub fn start(state: &AppState, now: DateTime<Utc>) -> ApiResult<Self> {
        let max = chrono::Duration::from_std(state.config.auth.session_max)
            .map_err(ApiError::internal)?;
        Ok(Self {
            id: new_id(),
            ends: now + max,
        })
    }
}

/// A new access token and a new refresh token in `family`.
pub fn issue_tokens(
    conn: &mut DbConnection,
    state: &AppState,
    user: User,
    family: &Family,
    now: DateTime<Utc>,
) -> ApiResult<TokenResponse> {
    let user_id = user.id.uuid();
    let refresh_token = token::generate(REFRESH_PREFIX)?;
    let ttl =
        chrono::Duration::from_std(state.config.auth.refresh_ttl).map_err(ApiError::internal)?;
    refresh_tokens::insert(
        conn,
        &NewRefreshToken {
            id: store::new_id(),
            user_id: &user.id,
            family_id: &family.id,
            token_hash: &token::digest(&refresh_token),
            created_at: Stamp(now),
            expires_at: Stamp((now + ttl).min(family.ends)),
            family_expires_at: Some(Stamp(family.ends)),
        },
    )?;
    Ok(TokenResponse {
        access_token: state.jwt.issue(user_id, now)?,
        refresh_token,
        token_type: "Bearer",
        expires_in: state.jwt.ttl_seconds(),
        user: UserResponse::try_from(user)?,
    })
}
