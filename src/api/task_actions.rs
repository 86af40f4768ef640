//! The actions on a task: complete (how, when, with a note), skip, snooze, reopen, and
//! proofreading a note before it is sent. Status moves only through these.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::domain::Instant;
use crate::domain::enums::Channel;
use crate::domain::{Fields, LONG, required};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::{IfMatch, single};
use crate::http::extract::{Json, OptionalJson};
use crate::proofread::Finding;
use crate::service::tasks::{self as service, Completion};
use crate::state::AppState;
use crate::views::Rfc3339;
use crate::views::task::Task;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"channel": "mail", "note": "Handwritten card", "completed_at": "2026-03-03T18:00:00Z"}))]
pub struct CompleteTask {
    /// How you did it: a card by `mail` brings a quick email or call after it.
    pub channel: Option<Channel>,
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub note: Option<String>,
    /// When you did it: now when left out; may be in the past ("I mailed it yesterday"),
    /// not in the future.
    pub completed_at: Option<Instant>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "They asked me not to call"}))]
pub struct SkipTask {
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"until": "2030-03-09T09:00:00Z"}))]
pub struct SnoozeTask {
    /// Hide the task until then (in the future); it is due no earlier.
    pub until: Instant,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "Dear Maria Lopes,\n\nThank you for the the time you took on Tuesday. I could of talked about {topic} for hours."}))]
pub struct CheckText {
    /// The note as you are about to send it.
    #[schema(schema_with = crate::domain::text_schema::<LONG, true, false>)]
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckResult {
    /// Nothing found: the text is ready to send.
    pub ok: bool,
    /// What to fix, in the order of the text.
    pub issues: Vec<Finding>,
}

/// The last proofreading of the task's note.
#[derive(Debug, Serialize, ToSchema)]
pub struct LastCheck {
    pub checked_at: Rfc3339,
    /// How many findings that check had; 0 means the text checked was clean.
    #[schema(example = 0)]
    pub findings: i32,
}

/// A task just done, and how its note fared at its last check.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompletedTask {
    #[serde(flatten)]
    pub task: Task,
    /// The last `POST /v1/tasks/{id}/check` of this task, or null when its note was never
    /// checked. Completing never requires one.
    pub last_check: Option<LastCheck>,
}

/// Mark a task done.
///
/// Say how (`channel`), add a note, and when (`completed_at`, now by default; it may be in the
/// past: "I mailed it yesterday"). Completing a thank-you by mail plans a follow-up email;
/// completing one by any channel plans the follow-up call. Answers 409 when the task is not
/// open.
#[utoipa::path(
    tag = "tasks",
    request_body(content = Option<CompleteTask>, description = "May be left out: done now, no channel"),
    params(
        ("id" = Uuid, Path, description = "Task id"),
        IfMatch,
    ),
    responses(
        (status = 200, body = CompletedTask, description = "The task, now done, with its new `ETag`, and its note's last check"),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[post("/v1/tasks/{id}/complete")]
pub async fn complete_task(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: OptionalJson<CompleteTask>,
) -> ApiResult<HttpResponse> {
    let CompleteTask {
        channel,
        note,
        completed_at,
    } = body.0;
    let mut f = Fields::default();
    let note = f.text("note", note.as_deref(), LONG);
    f.finish()?;
    let how = Completion {
        channel,
        note,
        completed_at: completed_at.map(|at| at.0),
    };
    let id = id.into_inner().into();
    let (task, last_check) =
        service::complete(&state.service, user.key(), id, if_match.into(), how).await?;
    let version = task.version;
    let body = CompletedTask {
        task: Task::from(task),
        last_check: last_check.map(|(checked_at, findings)| LastCheck {
            checked_at: Rfc3339(checked_at),
            findings,
        }),
    };
    Ok(single(&req, version, &body))
}

/// Skip a task.
///
/// For a task you won't do; the engine does not create it again. Answers 409 when the task is
/// not open.
#[utoipa::path(
    tag = "tasks",
    request_body(content = Option<SkipTask>, description = "May be left out"),
    params(
        ("id" = Uuid, Path, description = "Task id"),
        IfMatch,
    ),
    responses(
        (status = 200, body = Task, description = "The task, now skipped, with its new `ETag`"),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[post("/v1/tasks/{id}/skip")]
pub async fn skip_task(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: OptionalJson<SkipTask>,
) -> ApiResult<HttpResponse> {
    let mut f = Fields::default();
    let reason = f.text("reason", body.0.reason.as_deref(), LONG);
    f.finish()?;
    let id = id.into_inner().into();
    let task = service::skip(&state.service, user.key(), id, if_match.into(), reason).await?;
    Ok(single(&req, task.version, &Task::from(task)))
}

/// Put a task off.
///
/// Moves its due time to `until`; the engine keeps your date from then on. Answers 409 when the
/// task is not open.
#[utoipa::path(
    tag = "tasks",
    request_body = SnoozeTask,
    params(
        ("id" = Uuid, Path, description = "Task id"),
        IfMatch,
    ),
    responses(
        (status = 200, body = Task, description = "The task with its new due time and `ETag`"),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[post("/v1/tasks/{id}/snooze")]
pub async fn snooze_task(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<SnoozeTask>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().into();
    let until = body.into_inner()?.until.0;
    let task = service::snooze(&state.service, user.key(), id, if_match.into(), until).await?;
    Ok(single(&req, task.version, &Task::from(task)))
}

/// Open a finished task again.
///
/// For a task marked done or skipped by mistake: it is open again, and what it recorded (when,
/// how, the note or the reason) is cleared. What the engine planned because it was done is
/// planned anew: a follow-up call that waited on a thank-you is cancelled until the thank-you is
/// done again. Answers 409 for a task that is open, or that the engine cancelled (that one comes
/// back by itself when its facts do).
#[utoipa::path(
    tag = "tasks",
    params(
        ("id" = Uuid, Path, description = "Task id"),
        IfMatch,
    ),
    responses(
        (status = 200, body = Task, description = "The task, open again, with its new `ETag`"),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[post("/v1/tasks/{id}/reopen")]
pub async fn reopen_task(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().into();
    let task = service::reopen(&state.service, user.key(), id, if_match.into()).await?;
    Ok(single(&req, task.version, &Task::from(task)))
}

/// Proofread a note before sending it.
///
/// Checks your final text for spelling and grammar (with an English checker that knows the
/// names, companies, positions and strengths you entered), for the recipient's name or title
/// spelled differently from what is stored, a note that names no one, a company or person from
/// another of your interviews, blanks left to fill (`{company}`, `[Name]`, `XXX`, `TBD`) and
/// doubled words. Each finding has its place in characters of the text you sent. Changes
/// nothing but the record of this check, which `complete` reports.
///
/// The checker loads on the first check after the server starts (one to two seconds), or
/// while it starts if it is set to: until it is ready, a check is answered 503
/// `/problems/loading` with `Retry-After`, and changes nothing.
#[utoipa::path(
    tag = "tasks",
    request_body = CheckText,
    params(("id" = Uuid, Path, description = "Task id")),
    responses(
        (status = 200, body = CheckResult, description = "The findings; an empty `issues` list means the text is ready to send"),
        (status = 503, response = crate::http::responses::ProofreaderLoading),
        crate::http::responses::OneResourceErrors,
    )
)]
#[post("/v1/tasks/{id}/check")]
pub async fn check_text(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CheckText>,
) -> ApiResult<HttpResponse> {
    let text = required(&body.into_inner()?.text, LONG)
        .map_err(|message| ApiError::field("text", message))?;
    let id = id.into_inner().into();
    let issues = service::check(&state.service, &state.proofreader, user.key(), id, text).await?;
    Ok(HttpResponse::Ok().json(CheckResult {
        ok: issues.is_empty(),
        issues,
    }))
}
