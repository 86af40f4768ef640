//! The account's lifecycle: sign out everywhere, change the password, take everything away as one
//! JSON document, and close the account, deleting every row of it. followup holds other
//! people's contact details, so what users can do with their own data is not an afterthought.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::auth::{TokenResponse, client, sessions, token_reply};
use crate::api::custom_rules::CustomRuleResponse;
use crate::api::me::UserResponse;
use crate::api::rules::RuleResponse;
use crate::api::task_actions::LastCheck;
use crate::api::tokens::TokenInfo;
use crate::api::webhooks::{DeliveryAttempt, EndpointResponse};
use crate::auth::AuthUser;
use crate::domain::enums::text_enum;
use crate::domain::{Fields, PASSWORD_MAX, Password};
use crate::error::{ApiError, ApiResult};
use crate::http::extract::{Json, OptionalJson};
use crate::rules::catalog::CATALOG;
use crate::service::account as service;
use crate::state::AppState;
use crate::views::Rfc3339;
use crate::views::interview::Interview;
use crate::views::interviewer::Interviewer;
use crate::views::reference::Reference;
use crate::views::task::Task;

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
    request_body(content = Option<LogoutAll>, description = "May be left out: sessions only"),
    responses(
        (status = 204, description = "Every session (and with `everything`, every credential) is ended"),
    )
)]
#[post("/v1/auth/logout-all")]
pub async fn logout_all(
    state: web::Data<AppState>,
    user: AuthUser,
    body: OptionalJson<LogoutAll>,
) -> ApiResult<HttpResponse> {
    let everything = body.0.credentials == Some(Credentials::Everything);
    service::end_sessions(&state.service, user.key(), everything).await?;
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

fn password_field(password: &str, field: &'static str) -> ApiResult<()> {
    let mut fields = Fields::default();
    if password.chars().count() > PASSWORD_MAX {
        fields.push(field, format!("must be at most {PASSWORD_MAX} characters"));
    }
    Ok(fields.finish()?)
}

/// Change your password.
///
/// Needs the current password. Every other session is signed out (their refresh tokens are
/// revoked); this one continues with the new tokens in the reply. A wrong current password is
/// 422 and is throttled as a failed login is (429 with `Retry-After`).
#[utoipa::path(
    tag = "me",
    request_body = ChangePassword,
    responses(
        (status = 200, body = TokenResponse, description = "Changed: new tokens for this session", headers(("Cache-Control" = String, description = "Always `no-store`: the reply holds secrets"))),
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
    } = body.into_inner()?;
    let mut fields = Fields::default();
    let new_password = fields.check("new_password", Password::parse(new_password));
    fields.finish()?;
    let new_password = new_password.ok_or_else(|| ApiError::internal("checked above"))?;
    password_field(&current_password, "current_password")?;
    let issued = service::change_password(
        sessions(&state),
        client(&state, &req),
        user.key(),
        current_password,
        new_password,
    )
    .await?;
    Ok(token_reply(HttpResponse::Ok(), issued))
}

/// A reference given for an application.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationReference {
    pub application_id: Uuid,
    pub reference_id: Uuid,
}

/// The calendar feed's address was made then; the address itself is a secret shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedInfo {
    pub created_at: Rfc3339,
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
    pub exported_at: Rfc3339,
    pub user: UserResponse,
    pub applications: Vec<crate::views::application::Application>,
    /// Which references were given for which application.
    pub application_references: Vec<ApplicationReference>,
    pub interviews: Vec<Interview>,
    pub people: Vec<Interviewer>,
    /// Who was met at which interview.
    pub attendances: Vec<crate::views::attendance::Attendance>,
    pub references: Vec<Reference>,
    /// Every task, open or not, with its drafts.
    pub tasks: Vec<Task>,
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
    /// The words you taught the proofreader.
    pub words: Vec<crate::api::words::Word>,
}

/// Export everything you stored.
///
/// One JSON document with your profile, applications (and the references given for each),
/// interviews, the people you met and where, your
/// references, every task with its draft, your rule settings and custom rules, your API tokens,
/// webhook endpoints and their recent deliveries, your calendar feed and your proofreading.
/// Deleted items are left out, and so are secrets (tokens, signing keys, the feed's address).
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, body = Export, description = "Everything the account holds", headers(("Content-Disposition" = String, description = "`attachment`, with a file name"))),
    )
)]
#[get("/v1/me/export")]
pub async fn export(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let (account, stored, settings) = service::export(&state.service, user.key()).await?;
    let parse = |id: &str| Uuid::parse_str(id).map_err(ApiError::internal);
    let document = Export {
        exported_at: Rfc3339(state.service.clock().now()),
        user: UserResponse::from(account),
        applications: stored
            .applications
            .into_iter()
            .map(crate::views::application::Application::from)
            .collect(),
        application_references: stored
            .application_references
            .iter()
            .map(|(application, reference)| {
                Ok(ApplicationReference {
                    application_id: parse(application)?,
                    reference_id: parse(reference)?,
                })
            })
            .collect::<ApiResult<_>>()?,
        interviews: stored.interviews.into_iter().map(Interview::from).collect(),
        people: stored.people.into_iter().map(Interviewer::from).collect(),
        attendances: stored
            .attendances
            .into_iter()
            .map(crate::views::attendance::Attendance::from)
            .collect(),
        references: stored.references.into_iter().map(Reference::from).collect(),
        tasks: stored.tasks.into_iter().map(Task::from).collect(),
        rules: CATALOG
            .iter()
            .map(|spec| RuleResponse::new(spec, &settings))
            .collect(),
        custom_rules: stored
            .custom_rules
            .into_iter()
            .map(CustomRuleResponse::from_row)
            .collect::<ApiResult<_>>()?,
        api_tokens: stored.api_tokens.into_iter().map(TokenInfo::from).collect(),
        webhooks: stored
            .webhooks
            .into_iter()
            .map(EndpointResponse::from)
            .collect(),
        webhook_attempts: stored
            .webhook_attempts
            .into_iter()
            .map(|attempt| ExportedAttempt {
                webhook_id: attempt.webhook_id.uuid(),
                attempt: DeliveryAttempt::from_row(attempt),
            })
            .collect(),
        calendar_feeds: stored
            .calendar_feeds
            .into_iter()
            .map(|created_at| FeedInfo {
                created_at: Rfc3339(created_at),
            })
            .collect(),
        words: stored
            .words
            .into_iter()
            .map(crate::api::words::Word::from)
            .collect(),
        proofreading: stored
            .note_checks
            .into_iter()
            .map(|(task, checked_at, findings)| {
                Ok(ExportedCheck {
                    task_id: parse(&task)?,
                    check: LastCheck {
                        checked_at: Rfc3339(checked_at),
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

/// Close your account.
///
/// Needs the password. Deletes every row of the account at once: interviews, people, references,
/// tasks, rule settings and sessions. This cannot be undone; export first to keep a copy. A wrong
/// password is 422 and is throttled as a failed login is.
#[utoipa::path(
    tag = "me",
    request_body = ConfirmPassword,
    responses(
        (status = 204, description = "The account and everything in it are deleted"),
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
    let password = body.into_inner()?.password;
    password_field(&password, "password")?;
    let removed =
        service::close(sessions(&state), client(&state, &req), user.key(), password).await?;
    tracing::info!(user = %user.id, rows = removed, "account closed");
    Ok(HttpResponse::NoContent().finish())
}
