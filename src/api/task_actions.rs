//! The actions on a task: complete (how, when, with a note), skip, snooze, reopen, and
//! proofreading a note before it is sent. Status moves only through these.

use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::tasks::{TaskResponse, change_task};
use crate::auth::AuthUser;
use crate::db::Stamp;
use crate::domain::Instant;
use crate::domain::enums::{Channel, TaskStatus};
use crate::domain::{Fields, LONG, required};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::IfMatch;
use crate::http::extract::{Json, OptionalJson};
use crate::rules::proofread::{self, Issue};
use crate::state::AppState;
use crate::store::people;
use crate::store::quota::{self, Quota};
use crate::store::tasks::{self, Task, TaskChanges};

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
#[schema(example = json!({"text": "Dear Maria Lopez,\n\nThank you for the the time you took on Tuesday."}))]
pub struct CheckText {
    /// The note as you are about to send it.
    #[schema(schema_with = crate::domain::text_schema::<10000, true, false>)]
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckResult {
    /// No issue found.
    pub ok: bool,
    pub issues: Vec<Issue>,
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
        (status = 200, body = TaskResponse, description = "The task, now done, with its new `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
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
    change_task(
        &state,
        &req,
        user,
        id.into_inner(),
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
/// Checks your final text: blanks left to fill, doubled words, stray spaces, small letters at a
/// sentence start, common misspellings, and a note that does not name the person it is for.
/// Changes nothing.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    request_body = CheckText,
    params(("id" = Uuid, Path, description = "Task id")),
    responses(
        (status = 200, body = CheckResult, description = "The findings; an empty `issues` list means the text is ready to send"),
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
    let id = id.into_inner().to_string();
    let recipient = state
        .service
        .read(move |conn| {
            let task = tasks::find(conn, &user.key(), &id)?;
            match task.interviewer_id {
                Some(person) => Ok(people::find(conn, &user.key(), &person)
                    .ok()
                    .map(|p| p.name)),
                None => Ok(None),
            }
        })
        .await?;
    let issues = proofread::check(&text, recipient.as_deref());
    Ok(HttpResponse::Ok().json(CheckResult {
        ok: issues.is_empty(),
        issues,
    }))
}
