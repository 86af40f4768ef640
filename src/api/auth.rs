//! Registration, login, refresh-token rotation and logout.
//!
//! Access tokens are short-lived JWTs; refresh tokens are opaque, stored as digests and rotated
//! on every use. Replaying a used refresh token revokes its whole family: whoever stole it and
//! whoever it was stolen from must both sign in again.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::me::{NAME_MAX, UserResponse};
use crate::domain::{EMAIL_MAX, Email, Fields, PASSWORD_MAX, Password, TimeZone, bounded};
use crate::error::ApiResult;
use crate::http::client_addr::client_bucket;
use crate::http::extract::Json;
use crate::service::sessions::{Issued, NewAccount, Sessions};
use crate::state::AppState;

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
    #[schema(schema_with = crate::domain::text_schema::<NAME_MAX, false, true>)]
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
    let account = body.parse(|body| body.parse())?;
    let issued = sessions(&state)
        .register(client(&state, &req), account)
        .await?;
    Ok(token_reply(HttpResponse::Created(), issued))
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
        (status = 429, response = crate::http::responses::TooManyRequests),
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[post("/v1/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let LoginRequest { email, password } = body.into_inner()?;
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
    let issued = sessions(&state)
        .login(client(&state, &req), email, password)
        .await?;
    Ok(token_reply(HttpResponse::Ok(), issued))
}

/// What signs people in, from the state of the app.
pub(crate) fn sessions(state: &AppState) -> Sessions<'_> {
    Sessions {
        service: &state.service,
        jwt: &state.jwt,
        settings: &state.config.auth,
        throttle: &state.login_throttle,
    }
}

/// The throttling key of the request's client (see `http::client_addr`).
pub(crate) fn client(state: &AppState, req: &HttpRequest) -> std::net::IpAddr {
    client_bucket(req, &state.config.trusted_proxies)
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
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[post("/v1/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let issued = sessions(&state)
        .refresh(&body.into_inner()?.refresh_token)
        .await?;
    Ok(token_reply(HttpResponse::Ok(), issued))
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
    )
)]
#[post("/v1/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    sessions(&state)
        .logout(&body.into_inner()?.refresh_token)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Tokens are secrets: no cache, shared or private, may keep a reply that holds them (RFC 6749
/// §5.1 asks the same of OAuth token replies).
pub fn token_reply(mut reply: actix_web::HttpResponseBuilder, issued: Issued) -> HttpResponse {
    let tokens = TokenResponse {
        access_token: issued.access_token,
        refresh_token: issued.refresh_token,
        token_type: "Bearer",
        expires_in: issued.expires_in,
        user: UserResponse::from(issued.user),
    };
    reply
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(tokens)
}
