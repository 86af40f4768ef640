//! The actions on a task: complete (how, when, with a note), skip, snooze, reopen, and
//! proofreading a note before it is sent. Status moves only through these.

use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::tasks::{TaskResponse, change_task, change_task_as};
use crate::auth::AuthUser;
use crate::db::Stamp;
use crate::domain::Instant;
use crate::domain::enums::{Channel, TaskStatus};
use crate::domain::{Fields, LONG, required};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::IfMatch;
use crate::http::extract::{Json, OptionalJson};
use crate::proofread::{self, Finding};
use crate::state::AppState;
use crate::store::notes;
use crate::store::quota::{self, Quota};
use crate::store::tasks::{Task, TaskChanges};

/// Clocks differ a little between a phone and the server: "now" may arrive slightly ahead.
const CLOCK_SKEW: Duration = Duration::minutes(2);

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"channel": "mail", "note": "Handwritten card", "completed_at": "2026-03-03T18:00:00Z"}))]
pub struct CompleteTask {
    /// How you did it: a card by `mail` brings a quick email or call after it.
    pub channel: Option<Channel>,
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub note: Option<String>,
    /// When you did it: now when left out; may be in the past ("I mailed it yesterday"),
    /// not in the future.
    pub completed_at: Option<Instant>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "They asked me not to call"}))]
pub struct SkipTask {
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
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
    #[schema(schema_with = crate::domain::text_schema::<10000, true, false>)]
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
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub checked_at: DateTime<Utc>,
    /// How many findings that check had; 0 means the text checked was clean.
    #[schema(example = 0)]
    pub findings: i32,
}

/// A task just done, and how its note fared at its last check.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompletedTask {
    #[serde(flatten)]
    pub task: TaskResponse,
    /// The last `POST /v1/tasks/{id}/check` of this task, or null when its note was never
    /// checked. Completing never requires one.
    pub last_check: Option<LastCheck>,
}

fn must_be_open(task: &Task) -> ApiResult<()> {
    if task.status == TaskStatus::Open {
        Ok(())
    } else {
        Err(ApiError::Conflict {
            field: None,
            detail: format!("This task is already {}", task.status),
        })
    }
}

/// Mark a task done.
///
/// Say how (`channel`), add a note, and when (`completed_at`, now by default; it may be in the
/// past: "I mailed it yesterday"). Completing a thank-you by mail plans a follow-up email;
/// completing one by any channel plans the follow-up call. Answers 409 when the task is not
/// open.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    request_body(content = Option<CompleteTask>, description = "May be left out: done now, no channel"),
    params(
        ("id" = Uuid, Path, description = "Task id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the task changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 200, body = CompletedTask, description = "The task, now done, with its new `ETag`, and its note's last check", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::BodyErrors,
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
    let now = state.service.clock().now();
    let mut f = Fields::default();
    let note = f.text("note", note.as_deref(), LONG);
    let completed_at = match completed_at.map(|at| at.0) {
        Some(at) if at > now + CLOCK_SKEW => {
            f.push("completed_at", "must not be in the future");
            now
        }
        Some(at) => at,
        None => now,
    };
    f.finish()?;
    let id = id.into_inner();
    let task = id.to_string();
    let last_check = state
        .service
        .read_as(user.key(), move |conn| {
            Ok(notes::last_check(conn, &user.key(), &task)?)
        })
        .await?
        .map(|(checked_at, findings)| LastCheck {
            checked_at,
            findings,
        });
    change_task_as(
        &state,
        &req,
        user,
        id,
        if_match,
        move |_, current, _| {
            must_be_open(current)?;
            Ok(TaskChanges {
                status: Some(TaskStatus::Done),
                completed_at: Some(Some(Stamp(completed_at))),
                completion_channel: Some(channel),
                completion_note: Some(note),
                ..TaskChanges::default()
            })
        },
        move |row| {
            Ok(CompletedTask {
                task: TaskResponse::from_row(row)?,
                last_check,
            })
        },
    )
    .await
}

/// Skip a task.
///
/// For a task you won't do; the engine does not create it again. Answers 409 when the task is
/// not open.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    request_body(content = Option<SkipTask>, description = "May be left out"),
    params(
        ("id" = Uuid, Path, description = "Task id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the task changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 200, body = TaskResponse, description = "The task, now skipped, with its new `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::BodyErrors,
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
    change_task(
        &state,
        &req,
        user,
        id.into_inner(),
        if_match,
        move |_, current, _| {
            must_be_open(current)?;
            Ok(TaskChanges {
                status: Some(TaskStatus::Skipped),
                status_reason: Some(reason),
                ..TaskChanges::default()
            })
        },
    )
    .await
}

/// Put a task off.
///
/// Moves its due time to `until`; the engine keeps your date from then on. Answers 409 when the
/// task is not open.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    request_body = SnoozeTask,
    params(
        ("id" = Uuid, Path, description = "Task id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the task changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 200, body = TaskResponse, description = "The task with its new due time and `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::BodyErrors,
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
    let until = body.0.until.0;
    if until <= state.service.clock().now() {
        return Err(ApiError::field("until", "must be in the future"));
    }
    change_task(
        &state,
        &req,
        user,
        id.into_inner(),
        if_match,
        move |_, current, _| {
            must_be_open(current)?;
            let until = until;
            Ok(TaskChanges {
                not_before: Some(Some(Stamp(until))),
                due_at: Some(Some(Stamp(
                    current.due_at.map_or(until, |due| due.max(until)),
                ))),
                ..TaskChanges::default()
            })
        },
    )
    .await
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
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Task id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the task changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 200, body = TaskResponse, description = "The task, open again, with its new `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
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
    let max = state.config.quotas.open_tasks;
    change_task(
        &state,
        &req,
        user,
        id.into_inner(),
        if_match,
        move |conn, current, _| {
            if !matches!(current.status, TaskStatus::Done | TaskStatus::Skipped) {
                return Err(ApiError::Conflict {
                    field: None,
                    detail: format!(
                        "Only a done or skipped task can be reopened; this one is {}",
                        current.status
                    ),
                });
            }
            quota::check(conn, &current.user_id, Quota::OpenTasks, max)?;
            Ok(TaskChanges {
                status: Some(TaskStatus::Open),
                status_reason: Some(None),
                completed_at: Some(None),
                completion_channel: Some(None),
                completion_note: Some(None),
                ..TaskChanges::default()
            })
        },
    )
    .await
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
    security(("bearer" = [])),
    request_body = CheckText,
    params(("id" = Uuid, Path, description = "Task id")),
    responses(
        (status = 200, body = CheckResult, description = "The findings; an empty `issues` list means the text is ready to send"),
        (status = 503, response = crate::http::responses::ProofreaderLoading),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::BodyErrors,
    )
)]
#[post("/v1/tasks/{id}/check")]
pub async fn check_text(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Json<CheckText>,
) -> ApiResult<HttpResponse> {
    let text = required(&body.0.text, LONG).map_err(|message| ApiError::field("text", message))?;
    let task = id.into_inner().to_string();
    let owner = user.key();
    let sources = {
        let task = task.clone();
        state
            .service
            .read_as(user.key(), move |conn| {
                Ok(notes::sources(conn, &owner, &task)?)
            })
            .await?
    };
    let checker = state.proofreader.ready().ok_or(ApiError::Loading {
        what: "proofreader",
        retry_after_secs: proofread::RETRY_SECS,
    })?;
    let context = crate::service::notes::context(&sources);
    let issues = web::block(move || proofread::check(checker, &text, &context))
        .await
        .map_err(|e| ApiError::Internal(format!("proofreading stopped: {e}")))?;
    let (count, now) = (issues.len(), state.service.clock().now());
    state
        .service
        .write_session_as(user.key(), move |conn| {
            Ok(notes::record_check(conn, &user.key(), &task, now, count)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(CheckResult {
        ok: issues.is_empty(),
        issues,
    }))
}
