//! The account's lifecycle: sign out everywhere, change the password, take everything away as one
//! JSON document, and close the account, deleting every row of it. followup holds other
//! people's contact details, so what users can do with their own data is not an afterthought.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::auth::{Family, TokenResponse, client, issue_tokens, token_reply};
use crate::api::custom_rules::CustomRuleResponse;
use crate::api::interviewers::PersonResponse;
use crate::api::interviews::InterviewResponse;
use crate::api::me::UserResponse;
use crate::api::references::ReferenceResponse;
use crate::api::rules::RuleResponse;
use crate::api::task_actions::LastCheck;
use crate::api::tasks::TaskResponse;
use crate::api::tokens::TokenInfo;
use crate::api::webhooks::{DeliveryAttempt, EndpointResponse};
use crate::auth::{AuthUser, password};
use crate::domain::enums::text_enum;
use crate::domain::{Fields, PASSWORD_MAX, Password};
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Json, OptionalJson};
use crate::rules::catalog::CATALOG;
use crate::state::AppState;
use crate::store::users::{self, User};
use crate::store::{account, api_tokens, calendar_feeds, refresh_tokens};

text_enum!(
    /// What `logout-all` ends: `sessions` (every refresh token), or `everything` a thief could
    /// hold: the sessions, every access token issued so far, every API token and the calendar
    /// feed's address.
    Credentials { Sessions = "sessions", Everything = "everything" }
);

/// What to end; the body may be left out (`sessions`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"credentials": "sessions"}))]
pub struct LogoutAll {
    #[serde(default)]
    pub credentials: Option<Credentials>,
}

/// Sign out every session, or end every credential.
///
/// Revokes every refresh token of the account, on every device: each must sign in again. Access
/// tokens already issued expire within their `expires_in` (at most 15 minutes).
///
/// With `{"credentials": "everything"}` (after a device was lost or the password leaked), it
/// also revokes every API token, stops the calendar feed (its address stops working) and refuses
/// every access token issued so far, this caller's included: sign in again afterwards. Webhook
/// endpoints stay: they send to addresses you registered and hold no access. A password change
/// does not do this on its own; follow it with this call.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body(content = Option<LogoutAll>, description = "May be left out: sessions only"),
    responses(
        (status = 204, description = "Every session (and with `everything`, every credential) is ended"),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[post("/v1/auth/logout-all")]
pub async fn logout_all(
    state: web::Data<AppState>,
    user: AuthUser,
    body: OptionalJson<LogoutAll>,
) -> ApiResult<HttpResponse> {
    let everything = body.0.credentials == Some(Credentials::Everything);
    let clock = state.service.clock().clone();
    state
        .service
        .write_session_as(user.key(), move |conn| {
            let owner = user.key();
            refresh_tokens::revoke_user(conn, &owner, clock.now())?;
            if everything {
                api_tokens::delete_all(conn, &owner)?;
                calendar_feeds::remove(conn, &owner)?;
            }
            Ok(())
        })
        .await?;
    if everything {
        state.jwt.revoke_issued_so_far(user.id);
    }
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
        .read_as(user.key(), move |conn| Ok(users::find(conn, &user.key())?))
        .await?
        .ok_or_else(|| ApiError::Unauthorized("This account no longer exists".into()))?;
    let client = client(state, req);
    state.login_throttle.request(client).await?;
    let attempt = state.login_throttle.attempt(&account.email, client).await?;
    let stored = Some(account.password_hash.clone());
    if !password::verify_off_thread(password, stored).await? {
        state.login_throttle.failed(&attempt).await?;
        let mut fields = Fields::default();
        fields.push(field, "is not the account's password");
        return Err(fields.into_error().into());
    }
    state.login_throttle.succeeded(&attempt).await?;
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

/// The calendar feed's address was made then; the address itself is a secret shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedInfo {
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// The last proofreading of a task's note.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedCheck {
    pub task_id: Uuid,
    #[serde(flatten)]
    pub check: LastCheck,
}

/// One attempt to deliver an event to one of your endpoints.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedAttempt {
    pub webhook_id: Uuid,
    #[serde(flatten)]
    pub attempt: DeliveryAttempt,
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
    /// The rules you defined.
    pub custom_rules: Vec<CustomRuleResponse>,
    /// Your API tokens as listed: never their secrets.
    pub api_tokens: Vec<TokenInfo>,
    /// Your webhook endpoints: never their signing secrets.
    pub webhooks: Vec<EndpointResponse>,
    /// Attempts to deliver to your endpoints, from the last 7 days, oldest first.
    pub webhook_attempts: Vec<ExportedAttempt>,
    /// Your calendar feed, if you made one: when (its address is a secret).
    pub calendar_feeds: Vec<FeedInfo>,
    /// The last proofreading of each task's note.
    pub proofreading: Vec<ExportedCheck>,
}

/// Export everything you stored.
///
/// One JSON document with your profile, interviews, the people you met and where, your
/// references, every task with its draft, your rule settings and custom rules, your API tokens,
/// webhook endpoints and their recent deliveries, your calendar feed and your proofreading.
/// Deleted items are left out, and so are secrets (tokens, signing keys, the feed's address).
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
        .read_as(user.key(), move |conn| {
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
        custom_rules: collect(stored.custom_rules, CustomRuleResponse::from_row)?,
        api_tokens: stored.api_tokens.into_iter().map(TokenInfo::from).collect(),
        webhooks: stored
            .webhooks
            .into_iter()
            .map(EndpointResponse::from_row)
            .collect(),
        webhook_attempts: stored
            .webhook_attempts
            .into_iter()
            .filter_map(|attempt| {
                Some(ExportedAttempt {
                    webhook_id: attempt.webhook_id.uuid(),
                    attempt: DeliveryAttempt::from_row(attempt)?,
                })
            })
            .collect(),
        calendar_feeds: stored
            .calendar_feeds
            .into_iter()
            .map(|created_at| FeedInfo { created_at })
            .collect(),
        proofreading: stored
            .note_checks
            .into_iter()
            .map(|(task, checked_at, findings)| {
                Ok(ExportedCheck {
                    task_id: parse(&task)?,
                    check: LastCheck {
                        checked_at,
                        findings,
                    },
                })
            })
            .collect::<ApiResult<_>>()?,
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
    state.jwt.close_account(user.id);
    tracing::info!(user = %user.id, rows = removed, "account closed");
    Ok(HttpResponse::NoContent().finish())
}
