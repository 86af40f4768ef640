//! `/v1/tokens`: API tokens for plugins. A token is shown once, stored as a digest, sent as a
//! bearer token, and limited to its scopes (`auth::scope`). Only a signed-in session manages
//! them: an API token cannot mint or see another.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::auth::scope::{Scope, Scopes};
use crate::domain::{Instant, required};
use crate::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::service::tokens as service;
use crate::state::AppState;
use crate::store::api_tokens::ApiToken;
use crate::views::Rfc3339;

const NAME_MAX: usize = 100;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Job board plugin", "scopes": ["interviews:write", "tasks:read"]}))]
pub struct NewToken {
    /// What the token is for, to recognise it in the list.
    #[schema(schema_with = crate::domain::text_schema::<NAME_MAX, true, false>)]
    pub name: String,
    /// What the token may do: at least one scope, each named once.
    #[schema(min_items = 1)]
    pub scopes: Vec<Scope>,
    /// When the token stops working, in the future; never when left out.
    pub expires_at: Option<Instant>,
}

/// A token as listed: never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenInfo {
    pub id: Uuid,
    #[schema(example = "Job board plugin")]
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: Rfc3339,
    /// When it was last used, up to a minute early: a use is written down at most once a minute,
    /// so later uses within that minute are not; `null` if never.
    pub last_used_at: Option<Rfc3339>,
    /// `null`: it does not expire.
    pub expires_at: Option<Rfc3339>,
}

impl From<ApiToken> for TokenInfo {
    fn from(row: ApiToken) -> Self {
        Self {
            id: row.id.uuid(),
            name: row.name,
            scopes: row.scopes.iter().collect(),
            created_at: Rfc3339(row.created_at),
            last_used_at: row.last_used_at.map(Rfc3339),
            expires_at: row.expires_at.map(Rfc3339),
        }
    }
}

/// A new token, with its secret: the only time the secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub info: TokenInfo,
    /// Send it as `Authorization: Bearer <token>`. It starts with `fu_` so that secret scanners
    /// can spot a leaked one.
    #[schema(example = "fu_8mJ0v3cB1uT2kQx9sZ4nW7yR5pL6aE0dF3gH1jK2lM4")]
    pub token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    /// Every token of yours, oldest first (at most 50).
    pub items: Vec<TokenInfo>,
}

/// Create an API token.
///
/// For a plugin or a script: a bearer token limited to `scopes`, returned once. A session only:
/// an API token cannot create tokens. At most 50 per account.
#[utoipa::path(
    tag = "tokens",
    request_body = NewToken,
    responses(
        (status = 201, body = CreatedToken, description = "The token, with its secret shown this once",
            headers(
                ("Location" = String, description = "The token's URL, for `DELETE`"),
                ("Cache-Control" = String, description = "Always `no-store`: the reply holds a secret"),
            )),
        (status = 409, response = crate::http::responses::Conflict),
    )
)]
#[post("/v1/tokens")]
pub async fn create_token(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<NewToken>,
) -> ApiResult<HttpResponse> {
    let now = state.service.clock().now();
    let NewToken {
        name,
        scopes,
        expires_at,
    } = body.into_inner()?;
    let mut fields = crate::domain::Fields::default();
    let name = fields.check("name", required(&name, NAME_MAX));
    let scopes = fields.check("scopes", distinct(&scopes));
    let expires_at = expires_at
        .map(|at| at.0)
        .and_then(|at| fields.check("expires_at", future(at, now)));
    if !fields.is_empty() {
        return Err(fields.into_error().into());
    }
    let (Some(name), Some(scopes)) = (name, scopes) else {
        return Err(ApiError::internal("a checked field has no value"));
    };
    let (row, secret) =
        service::create(&state.service, user.key(), name, scopes, expires_at).await?;
    let location = format!("/v1/tokens/{}", row.id);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CreatedToken {
            info: row.into(),
            token: secret,
        }))
}

fn distinct(scopes: &[Scope]) -> Result<Scopes, String> {
    crate::domain::each_once(scopes, "scope")?;
    Ok(scopes.iter().copied().collect())
}

fn future(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    if at <= now {
        return Err("must be in the future".into());
    }
    Ok(crate::clock::truncate(at))
}

/// List your API tokens.
///
/// Names, scopes, creation, last use and expiry; never the secrets.
#[utoipa::path(
    tag = "tokens",
    responses(
        (status = 200, body = TokenList, description = "Your tokens, oldest first"),
    )
)]
#[get("/v1/tokens")]
pub async fn list_tokens(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let rows = service::list(&state.service, user.key()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(TokenList {
            items: rows.into_iter().map(TokenInfo::from).collect(),
        }))
}

/// Revoke an API token.
///
/// At once: the next request with it is 401.
#[utoipa::path(
    tag = "tokens",
    params(("id" = Uuid, Path, description = "The token's id")),
    responses(
        (status = 204, description = "Revoked"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[delete("/v1/tokens/{id}")]
pub async fn delete_token(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    // `/v1/tokens/current` is a route of its own, which only reads.
    if id.as_str() == "current" {
        return Err(ApiError::MethodNotAllowed {
            allow: vec!["GET".into()],
        });
    }
    let id = Uuid::parse_str(&id)
        .map_err(|_| ApiError::NotFound(format!("No token is called `{id}`")))?;
    service::delete(&state.service, user.key(), id.into()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Which token this is, and whom it acts for.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentToken {
    #[serde(flatten)]
    pub info: TokenInfo,
    /// The account the token acts for.
    pub user_id: Uuid,
}

/// The API token you call with.
///
/// For a plugin to tell whose account its token reaches, and what it may do there: the
/// token's name, scopes, use and expiry, and its account's id. Any API token may ask, whatever
/// its scopes; a session has no token to describe (401).
#[utoipa::path(
    tag = "tokens",
    security(("api_token" = [])),
    responses(
        (status = 200, body = CurrentToken, description = "The token the request was sent with"),
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[get("/v1/tokens/current")]
pub async fn current_token(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    let secret = crate::http::caller::bearer(req.headers())?;
    if !secret.starts_with(crate::auth::token::API_TOKEN_PREFIX) {
        return Err(ApiError::Unauthorized(
            "Send an API token (`fu_…`): a session has no token to describe".into(),
        ));
    }
    let token = service::find(&state.service, secret).await?;
    let user_id = token.user_id.uuid();
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CurrentToken {
            info: token.into(),
            user_id,
        }))
}
