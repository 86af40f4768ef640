//! `/v1/tasks`: follow-up tasks. Users add their own (`kind: custom`); the rule engine adds the
//! rest to the same table. Status moves only through the actions: complete, skip, snooze.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::list::{self, Entry, ListQuery, Page};
use crate::api::single;
use crate::auth::AuthUser;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::Instant;
use crate::domain::enums::{Channel, TaskStatus};
use crate::domain::{Fields, LONG, SHORT, UserFields, nullable, required};
use crate::error::ApiResult;
use crate::http::conditional::{IfMatch, created};
use crate::http::extract::{Json, Query};
use crate::service::Replan;
use crate::state::AppState;
use crate::store::quota::{self, Quota};
use crate::store::tasks::{self, NewTask, Task, TaskChanges, TaskFilter};
use crate::store::window::Window;
use crate::store::{interviews, new_id, people, references};

pub const CUSTOM: &str = "custom";

/// A task's `kind`: a built-in rule's id, or `custom`.
fn task_kinds() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .description(Some(
            "The rule that made the task, or `custom` for your own.",
        ))
        .enum_values(Some(
            crate::rules::RuleId::TEXTS.iter().copied().chain([CUSTOM]),
        ))
        .examples([serde_json::json!("thank_you_note")])
        .build()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskResponse {
    pub id: Uuid,
    /// The rule that made it, or `custom` for your own.
    #[schema(schema_with = task_kinds)]
    pub kind: String,
    /// The rule id for generated tasks (also a custom rule's id); `null` for your own tasks.
    pub rule_id: Option<String>,
    #[schema(example = "Send a thank-you to Maria Lopez, Head of Data")]
    pub title: String,
    /// Why the task exists, in plain words.
    pub reason: Option<String>,
    /// A draft of the message, for notes and emails.
    pub draft: Option<String>,
    pub notes: Option<String>,
    pub status: TaskStatus,
    /// Why it was skipped or cancelled.
    pub status_reason: Option<String>,
    /// Not to be done before this instant (a call 48 hours after the note, say).
    #[serde(serialize_with = "crate::http::timestamp::rfc3339_opt")]
    pub not_before: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339_opt")]
    pub due_at: Option<DateTime<Utc>>,
    pub channel: Option<Channel>,
    pub interview_id: Option<Uuid>,
    pub interviewer_id: Option<Uuid>,
    pub reference_id: Option<Uuid>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339_opt")]
    pub completed_at: Option<DateTime<Utc>>,
    pub completion_channel: Option<Channel>,
    pub completion_note: Option<String>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

fn uuid(id: Option<Id>) -> Option<Uuid> {
    id.map(|id| id.uuid())
}

impl TaskResponse {
    pub fn from_row(row: Task) -> ApiResult<Self> {
        Ok(Self {
            id: row.id.uuid(),
            status: row.status,
            channel: row.channel,
            completion_channel: row.completion_channel,
            interview_id: uuid(row.interview_id),
            interviewer_id: uuid(row.interviewer_id),
            reference_id: uuid(row.reference_id),
            kind: row.kind,
            rule_id: row.rule_id,
            title: row.title,
            reason: row.reason,
            draft: row.draft,
            notes: row.notes,
            status_reason: row.status_reason,
            not_before: row.not_before,
            due_at: row.due_at,
            completed_at: row.completed_at,
            completion_note: row.completion_note,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Send Maria the article we discussed", "due_at": "2026-03-05T09:00:00Z",
    "channel": "email", "notes": "The piece on event streaming she mentioned"
}))]
pub struct CreateTask {
    #[schema(schema_with = crate::domain::text_schema::<200, true, false>)]
    pub title: String,
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub notes: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub draft: Option<String>,
    pub due_at: Option<Instant>,
    pub not_before: Option<Instant>,
    pub channel: Option<Channel>,
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
    #[schema(schema_with = crate::domain::text_schema::<200, true, true>)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
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
    #[param(schema_with = task_kinds)]
    pub kind: Option<String>,
    pub interview_id: Option<Uuid>,
    pub interviewer_id: Option<Uuid>,
    pub reference_id: Option<Uuid>,
    /// Due strictly before this instant.
    pub due_before: Option<Instant>,
    /// Due at or after this instant.
    pub due_after: Option<Instant>,
}

impl TaskQuery {
    fn filter(self) -> ApiResult<TaskFilter> {
        let mut f = Fields::default();
        let kind = f.optional("kind", self.kind, |k| {
            if k == CUSTOM || crate::rules::RuleId::parse(&k).is_some() {
                Ok(k)
            } else {
                Err("must be `custom` or a rule id (see GET /v1/rules)".into())
            }
        });
        f.finish()?;
        Ok(TaskFilter {
            status: self.status,
            kind,
            interview_id: self.interview_id.map(Id::from),
            interviewer_id: self.interviewer_id.map(Id::from),
            reference_id: self.reference_id.map(Id::from),
            due_before: self.due_before.map(|t| t.0),
            due_after: self.due_after.map(|t| t.0),
        })
    }
}

/// Links must name the user's own live interview, person or reference.
fn check_links(
    conn: &mut DbConnection,
    user: &str,
    interview: Option<&str>,
    person: Option<&str>,
    reference: Option<&str>,
) -> ApiResult<()> {
    let mut f = Fields::default();
    if let Some(id) = interview
        && interviews::find(conn, user, id).is_err()
    {
        f.push("interview_id", "names no interview of yours");
    }
    if let Some(id) = person
        && people::find(conn, user, id).is_err()
    {
        f.push("interviewer_id", "names no interviewer of yours");
    }
    if let Some(id) = reference
        && references::find(conn, user, id).is_err()
    {
        f.push("reference_id", "names no reference of yours");
    }
    Ok(f.finish()?)
}

impl CreateTask {
    fn parse(self, user: &AuthUser, now: DateTime<Utc>) -> ApiResult<NewTask> {
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
            user_id: user.key(),
            kind: CUSTOM.into(),
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
    fn parse(self, current: &Task, _now: DateTime<Utc>) -> ApiResult<TaskChanges> {
        let mut f = Fields::default();
        let relinks = self.interview_id.is_some()
            || self.interviewer_id.is_some()
            || self.reference_id.is_some();
        if relinks && current.kind != CUSTOM {
            f.push(
                "interview_id",
                "links of a generated task cannot be changed",
            );
        }
        let changes = TaskChanges {
            title: f.optional("title", self.title, |v| required(&v, SHORT)),
            notes: f.patch_text("notes", self.notes, LONG),
            draft: f.patch_text("draft", self.draft, LONG),
            due_at: self.due_at.map(|d| d.map(|t| Stamp(t.0))),
            not_before: self.not_before.map(|d| d.map(|t| Stamp(t.0))),
            channel: self.channel,
            interview_id: link(self.interview_id),
            interviewer_id: link(self.interviewer_id),
            reference_id: link(self.reference_id),
            ..TaskChanges::default()
        };
        f.finish()?;
        Ok(changes)
    }
}

/// Add a task of your own.
///
/// Your own tasks have `kind: custom`; they may link an interview, a person or a reference of
/// yours.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    request_body = CreateTask,
    responses(
        (status = 201, body = TaskResponse, description = "Created: the new task, with its `ETag`; `Location` is its URL", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"), ("Location" = String, description = "The URL of the new resource")), links(
                ("GetTask" = (operation_id = "get_task", parameters(("id" = "$response.body#/id")))),
                ("UpdateTask" = (operation_id = "update_task", parameters(("id" = "$response.body#/id")))),
                ("DeleteTask" = (operation_id = "delete_task", parameters(("id" = "$response.body#/id")))),
                ("CompleteTask" = (operation_id = "complete_task", parameters(("id" = "$response.body#/id")))),
                ("SkipTask" = (operation_id = "skip_task", parameters(("id" = "$response.body#/id")))),
                ("SnoozeTask" = (operation_id = "snooze_task", parameters(("id" = "$response.body#/id")))),
                ("CheckTask" = (operation_id = "check_text", parameters(("id" = "$response.body#/id"))))
            )),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 409, response = crate::http::responses::Conflict),
    )
)]
#[post("/v1/tasks")]
pub async fn create_task(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<CreateTask>,
) -> ApiResult<HttpResponse> {
    let new = body.0.parse(&user, state.service.clock().now())?;
    let max = state.config.quotas.open_tasks;
    let row = state
        .service
        .scoped_write(user.key(), move |conn| {
            quota::check(conn, &user.key(), Quota::OpenTasks, max)?;
            check_links(
                conn,
                &new.user_id,
                new.interview_id.as_deref(),
                new.interviewer_id.as_deref(),
                new.reference_id.as_deref(),
            )?;
            // An open to-do of the user's own is nothing the engine plans from.
            Ok((tasks::insert(conn, &new)?, Replan::Nothing))
        })
        .await?;
    created(
        &req,
        &format!("/v1/tasks/{}", row.id),
        row.version,
        &TaskResponse::from_row(row)?,
    )
}

/// List your tasks.
///
/// Filtered by status, kind, subject or due date, in pages of `limit`; `updated_since` returns
/// what changed, deletions included.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    params(ListQuery, TaskQuery),
    responses(
        (status = 200, body = Page<Entry<TaskResponse>>, description = "A page of your tasks; `next_cursor` is `null` on the last page"),
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 422, response = crate::http::responses::Unprocessable),
    )
)]
#[get("/v1/tasks")]
pub async fn list_tasks(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    query: Query<ListQuery>,
    filter: Query<TaskQuery>,
) -> ApiResult<HttpResponse> {
    let window = query.0.window()?;
    let filter = filter.0.filter()?;
    let load = move |conn: &mut DbConnection, user: &str, window: &Window| {
        tasks::list(conn, user, &filter, window)
    };
    list::respond(&state, &req, &user, window, load, TaskResponse::from_row).await
}

/// Read one task.
///
/// With `If-None-Match` set to the `ETag` you hold, answers 304 when nothing changed.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Task id"),
        ("If-None-Match" = Option<String>, Header, description = "An ETag you hold: 304 if unchanged"),
    ),
    responses(
        (status = 200, body = TaskResponse, description = "The task, with its `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        (status = 304, description = "Not modified"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/tasks/{id}")]
pub async fn get_task(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    single::read(&state, &req, user, id.into_inner(), TaskResponse::from_row).await
}

/// Change a task.
///
/// Its title, notes, draft, dates or channel. What you change on a generated task stays yours
/// when the plan changes. With `If-Match`, answers 412 if the task changed since you read it.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    request_body = UpdateTask,
    params(
        ("id" = Uuid, Path, description = "Task id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the task changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 200, body = TaskResponse, description = "The task as changed, with its new `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::BodyErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[patch("/v1/tasks/{id}")]
pub async fn update_task(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<UpdateTask>,
) -> ApiResult<HttpResponse> {
    let patch = body.0;
    change_task(
        &state,
        &req,
        user,
        id.into_inner(),
        if_match,
        move |conn, current, now| {
            let changes = patch.parse(current, now)?;
            let user = &current.user_id;
            check_links(
                conn,
                user,
                changes.interview_id.as_ref().and_then(|v| v.as_deref()),
                changes.interviewer_id.as_ref().and_then(|v| v.as_deref()),
                changes.reference_id.as_ref().and_then(|v| v.as_deref()),
            )?;
            Ok(changes)
        },
    )
    .await
}

/// Delete a task.
///
/// A generated task is not created again. With `If-Match`, answers 412 if the task changed
/// since you read it.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Task id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the task changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[delete("/v1/tasks/{id}")]
pub async fn delete_task(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    single::remove(&state, user, id.into_inner(), if_match, tasks::delete).await
}

/// Applies the changes `change` computes from the current task, honouring `If-Match`.
pub(super) async fn change_task<F>(
    state: &AppState,
    req: &HttpRequest,
    user: AuthUser,
    id: Uuid,
    if_match: IfMatch,
    change: F,
) -> ApiResult<HttpResponse>
where
    F: FnOnce(&mut DbConnection, &Task, DateTime<Utc>) -> ApiResult<TaskChanges> + Send + 'static,
{
    change_task_as(
        state,
        req,
        user,
        id,
        if_match,
        change,
        TaskResponse::from_row,
    )
    .await
}

/// `change_task`, answering with `render` of the changed task.
pub(super) async fn change_task_as<F, T, G>(
    state: &AppState,
    req: &HttpRequest,
    user: AuthUser,
    id: Uuid,
    if_match: IfMatch,
    change: F,
    render: G,
) -> ApiResult<HttpResponse>
where
    F: FnOnce(&mut DbConnection, &Task, DateTime<Utc>) -> ApiResult<TaskChanges> + Send + 'static,
    T: Serialize,
    G: FnOnce(Task) -> ApiResult<T>,
{
    single::change(
        state,
        req,
        user,
        id,
        if_match,
        move |conn, current: &Task, now| {
            let mut changes = change(conn, current, now)?;
            // What the user sets here stays theirs when the plan changes.
            let owned = current.user_fields.with(changes.user_fields());
            if owned != current.user_fields {
                changes.user_fields = Some(owned);
            }
            Ok(tasks::update(conn, current, &changes, now)?)
        },
        render,
    )
    .await
}

impl single::Replanned for Task {
    fn changed(before: &Self, after: &Self) -> Replan {
        replan_after(before, after)
    }

    fn removed(task: &Self) -> Replan {
        replan_after(task, task)
    }
}

/// What a task's change can move: the scope of the interviews it belonged to before and after.
/// A task of no interview moves nothing the engine plans from if the user made it; one the
/// engine made (a reference's) may move anything.
fn replan_after(before: &Task, after: &Task) -> Replan {
    let interviews: Vec<String> = [&before.interview_id, &after.interview_id]
        .into_iter()
        .flatten()
        .map(Id::to_string)
        .collect();
    if !interviews.is_empty() {
        Replan::Around {
            interviews,
            people: Vec::new(),
        }
    } else if before.dedupe_key.is_some() {
        Replan::Everything
    } else {
        Replan::Nothing
    }
}
