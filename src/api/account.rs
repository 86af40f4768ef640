//! The account's lifecycle: sign out everywhere, change the password, take everything away as one
//! JSON document, and close the account, deleting every row of it. followup holds other
//! people's contact details, so what users can do with their own data is not an afterthought.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::auth::{Family, TokenResponse, client, issue_tokens, token_reply};
use crate::api::interviewers::PersonResponse;
use crate::api::interviews::InterviewResponse;
use crate::api::me::UserResponse;
use crate::api::references::ReferenceResponse;
use crate::api::rules::RuleResponse;
use crate::api::tasks::TaskResponse;
use crate::auth::{AuthUser, password};
use crate::domain::{Fields, PASSWORD_MAX, Password};
use crate::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::rules::catalog::CATALOG;
use crate::state::AppState;
use crate::store::users::{self, User};
use crate::store::{account, refresh_tokens};

/// Sign out every session.
///
/// Revokes every refresh token of the account, on every device: each must sign in again. Access
/// tokens already issued expire within their `expires_in` (at most 15 minutes).
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session is signed out"),
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[post("/v1/auth/logout-all")]
pub async fn logout_all(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let clock = state.service.clock().clone();
    state
        .service
        .write_session(move |conn| Ok(refresh_tokens::revoke_user(conn, &user.key(), clock.now())?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "current_password": "correct horse battery", "new_password": "correct horse battery staple"
}))]
pub struct ChangePassword {
    #[schema(max_length = 256)]
    pub current_password: String,
    /// 8 to 256 characters.
    #[schema(min_length = 8, max_length = 256)]
    pub new_password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"password": "correct horse battery staple"}))]
pub struct ConfirmPassword {
    #[schema(max_length = 256)]
    pub password: String,
}

/// Checks `password` against the account, throttled as a login is: a stolen access token must
/// not become a way to guess the password. Returns the account.
async fn confirm(
    state: &AppState,
    req: &HttpRequest,
    user: AuthUser,
    password: String,
    field: &'static str,
) -> ApiResult<User> {
    let mut fields = Fields::default();
    if password.chars().count() > PASSWORD_MAX {
        fields.push(field, format!("must be at most {PASSWORD_MAX} characters"));
    }
    fields.finish()?;
    let account = state
        .service
        .read(move |conn| Ok(users::find(conn, &user.key())?))
        .await?
        .ok_or_else(|| ApiError::Unauthorized("This account no longer exists".into()))?;
    let client = client(state, req);
    state.login_throttle.request(client)?;
    let attempt = state.login_throttle.attempt(&account.email, client)?;
    let stored = Some(account.password_hash.clone());
    if !password::verify_off_thread(password, stored).await? {
        state.login_throttle.failed(&attempt);
        let mut fields = Fields::default();
        fields.push(field, "is not the account's password");
        return Err(fields.into_error().into());
    }
    state.login_throttle.succeeded(&attempt);
    Ok(account)
}

/// Change your password.
///
/// Needs the current password. Every other session is signed out (their refresh tokens are
/// revoked); this one continues with the new tokens in the reply. A wrong current password is
/// 422 and is throttled as a failed login is (429 with `Retry-After`).
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = ChangePassword,
    responses(
        (status = 200, body = TokenResponse, description = "Changed: new tokens for this session", headers(("Cache-Control" = String, description = "Always `no-store`: the reply holds secrets"))),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 429, response = crate::http::responses::TooManyRequests),
    )
)]
#[post("/v1/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<ChangePassword>,
) -> ApiResult<HttpResponse> {
    let ChangePassword {
        current_password,
        new_password,
    } = body.0;
    let mut fields = Fields::default();
    let new_password = fields.check("new_password", Password::parse(new_password));
    fields.finish()?;
    let new_password = new_password.ok_or_else(|| ApiError::internal("checked above"))?;
    confirm(&state, &req, user, current_password, "current_password").await?;
    let hash = password::hash_off_thread(new_password).await?;
    let st = state.clone();
    let clock = state.service.clock().clone();
    let tokens = state
        .service
        .write(user.key(), move |conn| {
            let now = clock.now();
            users::set_password(conn, &user.key(), &hash, now)?;
            refresh_tokens::revoke_user(conn, &user.key(), now)?;
            let account = users::find(conn, &user.key())?
                .ok_or_else(|| ApiError::Unauthorized("This account no longer exists".into()))?;
            issue_tokens(conn, &st, account, &Family::start(&st, now)?, now)
        })
        .await?;
    Ok(token_reply(HttpResponse::Ok(), &tokens))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Attendance {
    pub interview_id: Uuid,
    pub person_id: Uuid,
}

/// Everything the account holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct Export {
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub exported_at: DateTime<Utc>,
    pub user: UserResponse,
    pub interviews: Vec<InterviewResponse>,
    pub people: Vec<PersonResponse>,
    /// Who was met at which interview.
    pub attendances: Vec<Attendance>,
    pub references: Vec<ReferenceResponse>,
    /// Every task, open or not, with its drafts.
    pub tasks: Vec<TaskResponse>,
    /// Each rule with its switch and parameters as set for you.
    pub rules: Vec<RuleResponse>,
}

/// Export everything you stored.
///
/// One JSON document with your profile, interviews, the people you met and where, your
/// references, every task with its draft, and your rule settings. Deleted items are left out.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Export, description = "Everything the account holds", headers(("Content-Disposition" = String, description = "`attachment`, with a file name"))),
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[get("/v1/me/export")]
pub async fn export(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let (account, stored, settings) = state
        .service
        .read(move |conn| {
            let account = users::find(conn, &user.key())?
                .ok_or_else(|| ApiError::Unauthorized("This account no longer exists".into()))?;
            let stored = account::export(conn, &user.key())?;
            let settings = crate::service::settings::load(conn, &user.key())?;
            Ok((account, stored, settings))
        })
        .await?;
    let parse = |id: &str| Uuid::parse_str(id).map_err(ApiError::internal);
    let document = Export {
        exported_at: state.service.clock().now(),
        user: UserResponse::try_from(account)?,
        interviews: collect(stored.interviews, InterviewResponse::from_row)?,
        people: collect(stored.people, PersonResponse::from_row)?,
        attendances: stored
            .attendances
            .iter()
            .map(|(interview, person)| {
                Ok(Attendance {
                    interview_id: parse(interview)?,
                    person_id: parse(person)?,
                })
            })
            .collect::<ApiResult<_>>()?,
        references: collect(stored.references, ReferenceResponse::from_row)?,
        tasks: collect(stored.tasks, TaskResponse::from_row)?,
        rules: CATALOG
            .iter()
            .map(|spec| RuleResponse::new(spec, &settings))
            .collect(),
    };
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"followup-export.json\"",
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(document))
}

fn collect<R, T>(rows: Vec<R>, render: fn(R) -> ApiResult<T>) -> ApiResult<Vec<T>> {
    rows.into_iter().map(render).collect()
}

/// Close your account.
///
/// Needs the password. Deletes every row of the account at once: interviews, people, references,
/// tasks, rule settings and sessions. This cannot be undone; export first to keep a copy. A wrong
/// password is 422 and is throttled as a failed login is.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = ConfirmPassword,
    responses(
        (status = 204, description = "The account and everything in it are deleted"),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 429, response = crate::http::responses::TooManyRequests),
    )
)]
#[delete("/v1/me")]
pub async fn delete_me(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<ConfirmPassword>,
) -> ApiResult<HttpResponse> {
    confirm(&state, &req, user, body.0.password, "password").await?;
    let removed = state
        .service
        .write(user.key(), move |conn| {
            Ok(account::delete(conn, &user.key())?)
        })
        .await?;
    tracing::info!(user = %user.id, rows = removed, "account closed");
    Ok(HttpResponse::NoContent().finish())
}
