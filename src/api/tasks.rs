//! `/v1/tasks`: follow-up tasks. Users add their own (`kind: custom`); the rule engine adds the
//! rest to the same table. Status moves only through the actions: complete, skip, snooze.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::Stamp;
use crate::domain::Id;
use crate::domain::Instant;
use crate::domain::enums::{Channel, TaskKind, TaskStatus};
use crate::domain::{Fields, LONG, SHORT, UserFields, nullable, required};
use crate::error::{ApiError, ApiResult};
use crate::service::tasks as service;
use crate::state::AppState;
use crate::store::new_id;
use crate::store::tasks::{NewTask, TaskChanges, TaskFilter};
use crate::views::compose::Compose;
use crate::views::task::{Task, TaskPage};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Send Maria the article we discussed", "due_at": "2026-03-05T09:00:00Z",
    "channel": "email", "notes": "The piece on event streaming she mentioned"
}))]
pub struct CreateTask {
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub title: String,
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub notes: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub draft: Option<String>,
    pub due_at: Option<Instant>,
    pub not_before: Option<Instant>,
    pub channel: Option<Channel>,
    /// The application it is for; left out, its interview's (a contact you log there counts
    /// for that application's cadence).
    pub application_id: Option<Uuid>,
    pub interview_id: Option<Uuid>,
    pub interviewer_id: Option<Uuid>,
    pub reference_id: Option<Uuid>,
}

/// Fields to change; left out stays, `null` clears a nullable field. Links can be changed on
/// your own tasks only.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"due_at": "2026-03-06T09:00:00Z", "notes": "Ask about the team size"}))]
pub struct UpdateTask {
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub draft: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Instant>)]
    pub due_at: Option<Option<Instant>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Instant>)]
    pub not_before: Option<Option<Instant>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Channel>)]
    pub channel: Option<Option<Channel>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Uuid>)]
    pub application_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Uuid>)]
    pub interview_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Uuid>)]
    pub interviewer_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Uuid>)]
    pub reference_id: Option<Option<Uuid>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    pub status: Option<TaskStatus>,
    /// A rule id, or `custom`.
    pub kind: Option<TaskKind>,
    /// The tasks of one application: its own, its rounds', and the permission calls to the
    /// references given for it (a call's `application_id` stays `null`: it is the reference's,
    /// however many applications it is given for).
    pub application_id: Option<Uuid>,
    pub interview_id: Option<Uuid>,
    pub interviewer_id: Option<Uuid>,
    pub reference_id: Option<Uuid>,
    /// Due strictly before this instant.
    pub due_before: Option<Instant>,
    /// Due at or after this instant.
    pub due_after: Option<Instant>,
}

impl crate::api::listing::Narrows for TaskQuery {
    type Filter = TaskFilter;
    fn filter(self) -> ApiResult<TaskFilter> {
        Ok(TaskFilter {
            status: self.status,
            kind: self.kind,
            application_id: self.application_id.map(Id::from),
            interview_id: self.interview_id.map(Id::from),
            interviewer_id: self.interviewer_id.map(Id::from),
            reference_id: self.reference_id.map(Id::from),
            due_before: self.due_before.map(|t| t.0),
            due_after: self.due_after.map(|t| t.0),
        })
    }
}

impl CreateTask {
    fn parse(self, user: Id, now: DateTime<Utc>) -> ApiResult<NewTask> {
        let mut f = Fields::default();
        let title = f.check("title", required(&self.title, SHORT));
        let notes = f.text("notes", self.notes.as_deref(), LONG);
        let draft = f.text("draft", self.draft.as_deref(), LONG);
        let Some(title) = title else {
            return Err(f.into_error().into());
        };
        f.finish()?;
        Ok(NewTask {
            id: new_id(),
            user_id: user,
            kind: TaskKind::Custom,
            rule_id: None,
            dedupe_key: None,
            title,
            reason: None,
            draft,
            notes,
            status: TaskStatus::Open,
            not_before: self.not_before.map(|t| Stamp(t.0)),
            due_at: self.due_at.map(|t| Stamp(t.0)),
            channel: self.channel,
            application_id: self.application_id.map(Id::from),
            interview_id: self.interview_id.map(Id::from),
            interviewer_id: self.interviewer_id.map(Id::from),
            reference_id: self.reference_id.map(Id::from),
            created_at: Stamp(now),
            updated_at: Stamp(now),
            user_fields: UserFields::NONE,
        })
    }
}

fn link(value: Option<Option<Uuid>>) -> Option<Option<Id>> {
    value.map(|v| v.map(Id::from))
}

impl UpdateTask {
    fn parse(self) -> ApiResult<TaskChanges> {
        let mut f = Fields::default();
        let changes = TaskChanges {
            title: f.optional("title", self.title, |v| required(&v, SHORT)),
            notes: f.patch_text("notes", self.notes, LONG),
            draft: f.patch_text("draft", self.draft, LONG),
            due_at: self.due_at.map(|d| d.map(|t| Stamp(t.0))),
            not_before: self.not_before.map(|d| d.map(|t| Stamp(t.0))),
            channel: self.channel,
            application_id: link(self.application_id),
            interview_id: link(self.interview_id),
            interviewer_id: link(self.interviewer_id),
            reference_id: link(self.reference_id),
            ..TaskChanges::default()
        };
        f.finish()?;
        Ok(changes)
    }
}

crate::api::resource::create_one! {
    /// Add a task of your own.
    ///
    /// Your own tasks have `kind: custom`; they may link an interview, a person or a reference of
    /// yours.
    create_task: "/v1/tasks", tag "tasks", body CreateTask,
    service::create => Task "Created: the new task", 409 Conflict
}

crate::api::resource::list_page! {
    /// List your tasks.
    ///
    /// Filtered by status, kind, subject or due date, in pages of `limit`; `updated_since` returns
    /// what changed, deletions included.
    list_tasks: "/v1/tasks", tag "tasks" filter TaskQuery,
    service::list => TaskPage "A page of your tasks; `next_cursor` is `null` on the last page"
}

crate::api::resource::read_one! {
    /// Read one task.
    ///
    /// The task with its reason and draft, and its `ETag`.
    get_task: "/v1/tasks/{id}", tag "tasks", id "Task id",
    service::get => Task "The task"
}

/// A task's message, ready for a mail app.
///
/// For a task whose draft has an email part (every thank-you and follow-up note the engine
/// writes, and your own drafts that start with a `Subject:` line): the recipient's stored
/// email address, the subject, the body without the card, and all three as a `mailto:` URL
/// (RFC 6068) that a phone opens in its mail app, ready to send. Read at the moment of sending,
/// so an address you corrected since is the one used. 404 for a task without such a draft.
#[utoipa::path(
    tag = "tasks",
    params(("id" = Uuid, Path, description = "Task id")),
    responses(
        (status = 200, body = Compose, description = "The message"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/tasks/{id}/compose")]
pub async fn compose_task(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let (task, to) = service::with_recipient(&state.service, user.key(), id.into()).await?;
    let message = task
        .draft
        .as_deref()
        .and_then(|draft| Compose::from_draft(draft, to))
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "Task {id} has no email to send: its draft has no `Subject:` line"
            ))
        })?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .json(message))
}

crate::api::resource::change_one! {
    /// Change a task.
    ///
    /// Its title, notes, draft, dates or channel. What you change on a generated task stays yours
    /// when the plan changes.
    update_task: "/v1/tasks/{id}", tag "tasks", id "Task id", body UpdateTask,
    service::update => Task "The task as changed", 409 Conflict
}

crate::api::resource::delete_one! {
    /// Delete a task.
    ///
    /// A generated task is not created again.
    delete_task: "/v1/tasks/{id}", tag "tasks", id "Task id",
    service::delete, 409 Conflict
}
