//! Tasks: the user's own (`kind = custom`) and, later, those the rule engine generates, in one
//! table. A generated task keeps its `dedupe_key` even when deleted, so it is never recreated.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{application_references, tasks};
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::UserFields;
use crate::domain::enums::{Channel, RuleId, TaskKind, TaskStatus};
use crate::store::error::StoreResult;
use crate::store::task_status::status_is;
use crate::store::window::Window;
use crate::windowed;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tasks, check_for_backend(crate::db::MultiBackend))]
pub struct Task {
    pub id: Id,
    pub user_id: Id,
    pub kind: TaskKind,
    pub rule_id: Option<String>,
    pub dedupe_key: Option<String>,
    pub title: String,
    pub reason: Option<String>,
    pub draft: Option<String>,
    pub notes: Option<String>,
    pub status: TaskStatus,
    pub status_reason: Option<String>,
    pub not_before: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub channel: Option<Channel>,
    pub interview_id: Option<Id>,
    pub interviewer_id: Option<Id>,
    pub reference_id: Option<Id>,
    pub completed_at: Option<DateTime<Utc>>,
    pub completion_channel: Option<Channel>,
    pub completion_note: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub user_fields: UserFields,
    /// The hiring process it belongs to, when it belongs to one.
    pub application_id: Option<Id>,
}

crate::store::versioned_table!(tasks, Task, TaskChanges, "No such task");

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = tasks)]
pub struct NewTask {
    pub id: Id,
    pub user_id: Id,
    pub kind: TaskKind,
    pub rule_id: Option<String>,
    pub dedupe_key: Option<String>,
    pub title: String,
    pub reason: Option<String>,
    pub draft: Option<String>,
    pub notes: Option<String>,
    pub status: TaskStatus,
    pub not_before: Option<Stamp>,
    pub due_at: Option<Stamp>,
    pub channel: Option<Channel>,
    pub interview_id: Option<Id>,
    pub interviewer_id: Option<Id>,
    pub reference_id: Option<Id>,
    pub created_at: Stamp,
    pub updated_at: Stamp,
    pub user_fields: UserFields,
    pub application_id: Option<Id>,
}

#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = tasks)]
pub struct TaskChanges {
    pub title: Option<String>,
    pub reason: Option<Option<String>>,
    pub notes: Option<Option<String>>,
    pub draft: Option<Option<String>>,
    pub status: Option<TaskStatus>,
    pub status_reason: Option<Option<String>>,
    pub not_before: Option<Option<Stamp>>,
    pub due_at: Option<Option<Stamp>>,
    pub channel: Option<Option<Channel>>,
    pub interview_id: Option<Option<Id>>,
    pub interviewer_id: Option<Option<Id>>,
    pub reference_id: Option<Option<Id>>,
    pub completed_at: Option<Option<Stamp>>,
    pub completion_channel: Option<Option<Channel>>,
    pub completion_note: Option<Option<String>>,
    pub user_fields: Option<UserFields>,
    pub application_id: Option<Option<Id>>,
}

impl TaskChanges {
    /// The fields of a generated task these changes make the user's.
    pub fn user_fields(&self) -> UserFields {
        UserFields::when(self.title.is_some(), UserFields::TITLE)
            .with(UserFields::when(self.draft.is_some(), UserFields::DRAFT))
            .with(UserFields::when(self.due_at.is_some(), UserFields::DUE_AT))
            .with(UserFields::when(
                self.not_before.is_some(),
                UserFields::NOT_BEFORE,
            ))
            .with(UserFields::when(
                self.channel.is_some(),
                UserFields::CHANNEL,
            ))
    }
}

crate::store::changes_nothing!(
    TaskChanges,
    Task,
    [
        title,
        reason,
        notes,
        draft,
        status,
        status_reason,
        not_before,
        due_at,
        channel,
        interview_id,
        interviewer_id,
        reference_id,
        completed_at,
        completion_channel,
        completion_note,
        user_fields,
    ]
);

/// Filters of `GET /v1/tasks`, already validated.
#[derive(Debug, Default, Clone)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    pub kind: Option<TaskKind>,
    pub application_id: Option<Id>,
    pub interview_id: Option<Id>,
    pub interviewer_id: Option<Id>,
    pub reference_id: Option<Id>,
    pub due_before: Option<DateTime<Utc>>,
    pub due_after: Option<DateTime<Utc>>,
}

/// What a task can be linked to.
#[derive(Debug, Clone, Copy)]
pub enum Link<'a> {
    Application(&'a str),
    Interview(&'a str),
    Interviewer(&'a str),
    Reference(&'a str),
}

pub fn insert(conn: &mut DbConnection, new: &NewTask) -> StoreResult<Task> {
    Ok(diesel::insert_into(tasks::table)
        .values(new)
        .returning(tasks::all_columns)
        .get_result(conn)?)
}

pub fn list(
    conn: &mut DbConnection,
    user: &str,
    filter: &TaskFilter,
    window: &Window,
) -> StoreResult<Vec<Task>> {
    let mut query = tasks::table.select(Task::as_select()).into_boxed();
    if let Some(status) = &filter.status {
        query = query.filter(status_is(*status));
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(tasks::kind.eq(*kind));
    }
    if let Some(id) = &filter.application_id {
        // A whole process's tasks: those of the application, and the permission calls to the
        // references given for it (a call belongs to its reference, however many it is for).
        let given = application_references::table
            .filter(application_references::application_id.eq(*id))
            .filter(application_references::user_id.eq(user.to_string()))
            .select(application_references::reference_id.nullable());
        let asked = tasks::kind
            .eq(TaskKind::Rule(RuleId::ReferencePermission))
            .and(tasks::reference_id.eq_any(given));
        query = query.filter(tasks::application_id.eq(*id).or(asked));
    }
    if let Some(id) = &filter.interview_id {
        query = query.filter(tasks::interview_id.eq(*id));
    }
    if let Some(id) = &filter.interviewer_id {
        query = query.filter(tasks::interviewer_id.eq(*id));
    }
    if let Some(id) = &filter.reference_id {
        query = query.filter(tasks::reference_id.eq(*id));
    }
    if let Some(before) = filter.due_before {
        query = query.filter(tasks::due_at.lt(Stamp(before)));
    }
    if let Some(after) = filter.due_after {
        query = query.filter(tasks::due_at.ge(Stamp(after)));
    }
    Ok(windowed!(query, tasks, user, window, conn)?)
}

pub fn delete(conn: &mut DbConnection, current: &Task, now: DateTime<Utc>) -> StoreResult<()> {
    mark_deleted(conn, current, now)?;
    Ok(())
}

/// Marks the permission calls to `reference` changed: a reference given for an application, or
/// taken back, moves them in or out of that application's list (`application_id` filter), and a
/// filtered sync (`updated_since`) must see them again.
pub fn touch_permission_calls(
    conn: &mut DbConnection,
    user: &str,
    reference: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(
        tasks::table
            .filter(tasks::user_id.eq(user.to_string()))
            .filter(tasks::reference_id.eq(reference.to_string()))
            .filter(tasks::kind.eq(TaskKind::Rule(RuleId::ReferencePermission)))
            .filter(tasks::deleted_at.is_null()),
    )
    .set((
        tasks::version.eq(tasks::version + 1),
        tasks::updated_at.eq(Stamp(now)),
    ))
    .execute(conn)?;
    Ok(())
}

/// Cancels the user's open tasks linked to a deleted or detached subject; done, skipped and
/// deleted tasks are left as they are.
pub fn cancel_open_for(
    conn: &mut DbConnection,
    user: &str,
    link: Link<'_>,
    reason: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let open = tasks::table
        .filter(tasks::user_id.eq(user.to_string()))
        .filter(status_is(TaskStatus::Open))
        .filter(tasks::deleted_at.is_null())
        .into_boxed();
    let open = match link {
        Link::Application(id) => open.filter(tasks::application_id.eq(id.to_string())),
        Link::Interview(id) => open.filter(tasks::interview_id.eq(id.to_string())),
        Link::Interviewer(id) => open.filter(tasks::interviewer_id.eq(id.to_string())),
        Link::Reference(id) => open.filter(tasks::reference_id.eq(id.to_string())),
    };
    let ids: Vec<String> = open.select(tasks::id).load(conn)?;
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(tasks::table.filter(tasks::id.eq_any(&ids)))
        .set((
            tasks::status.eq(TaskStatus::Cancelled),
            tasks::status_reason.eq(Some(reason)),
            tasks::version.eq(tasks::version + 1),
            tasks::updated_at.eq(Stamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Inserts generated tasks, skipping those whose key another writer inserted first (`ON
/// CONFLICT DO NOTHING` on the unique (user, key) index), with no savepoint per task as a failed
/// insert on PostgreSQL would otherwise need. PostgreSQL gets a thousand rows a statement, one
/// round trip; SQLite, in process, a statement a row (diesel has no batch upsert for it).
/// Returns how many went in.
pub fn insert_generated(conn: &mut DbConnection, new: &[NewTask]) -> StoreResult<usize> {
    const ROWS: usize = 1000;
    let mut inserted = 0;
    match conn {
        DbConnection::Pg(pg) => {
            for rows in new.chunks(ROWS) {
                inserted += diesel::insert_into(tasks::table)
                    .values(rows)
                    .on_conflict_do_nothing()
                    .execute(pg)?;
            }
        }
        DbConnection::Sqlite(sqlite) => {
            for row in new {
                inserted += diesel::insert_into(tasks::table)
                    .values(row)
                    .on_conflict_do_nothing()
                    .execute(sqlite)?;
            }
        }
    }
    Ok(inserted)
}

/// Sets generated tasks the plan no longer wants to `cancelled`, if they are still open.
pub fn cancel(
    conn: &mut DbConnection,
    ids: &[String],
    reason: &str,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    Ok(diesel::update(
        tasks::table
            .filter(tasks::id.eq_any(ids))
            .filter(status_is(TaskStatus::Open)),
    )
    .set((
        tasks::status.eq(TaskStatus::Cancelled),
        tasks::status_reason.eq(Some(reason)),
        tasks::version.eq(tasks::version + 1),
        tasks::updated_at.eq(Stamp(now)),
    ))
    .execute(conn)?)
}

/// Opens again generated tasks that were cancelled and are wanted again (a person attached
/// again, an interview no longer cancelled).
pub fn reopen(conn: &mut DbConnection, ids: &[String], now: DateTime<Utc>) -> StoreResult<usize> {
    Ok(diesel::update(
        tasks::table
            .filter(tasks::id.eq_any(ids))
            .filter(status_is(TaskStatus::Cancelled))
            .filter(tasks::deleted_at.is_null()),
    )
    .set((
        tasks::status.eq(TaskStatus::Open),
        tasks::status_reason.eq(None::<String>),
        tasks::version.eq(tasks::version + 1),
        tasks::updated_at.eq(Stamp(now)),
    ))
    .execute(conn)?)
}

/// Brings open tasks the engine made onto what the plan says now. The version moves, so a
/// client's ETag and `updated_since` see the change.
pub fn converge(
    conn: &mut DbConnection,
    changes: &[(String, TaskChanges)],
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    let mut moved = 0;
    for (id, change) in changes {
        moved += diesel::update(
            tasks::table
                .filter(tasks::id.eq(id))
                .filter(status_is(TaskStatus::Open))
                .filter(tasks::deleted_at.is_null()),
        )
        .set((
            change,
            tasks::version.eq(tasks::version + 1),
            tasks::updated_at.eq(Stamp(now)),
        ))
        .execute(conn)?;
    }
    Ok(moved)
}

/// Moves every task of `interview`, whatever its status, to `application`: a round moved to
/// another application takes its history with it, so that the plan of either finds its tasks.
pub fn follow_interview(
    conn: &mut DbConnection,
    interview: &str,
    application: &str,
) -> StoreResult<usize> {
    Ok(
        diesel::update(tasks::table.filter(tasks::interview_id.eq(interview)))
            .set(tasks::application_id.eq(application))
            .execute(conn)?,
    )
}

/// Every task of one interview and of its application as a whole, in due order: its follow-up
/// timeline.
pub fn of_interview(
    conn: &mut DbConnection,
    user: &str,
    interview: &str,
    application: Option<&str>,
) -> StoreResult<Vec<Task>> {
    // Its own tasks, and those of its application as a whole (the decision check, the
    // check-ins): the timeline of this round includes the process it is part of.
    let of_process = tasks::application_id
        .eq(application.unwrap_or_default().to_string())
        .and(tasks::interview_id.is_null());
    Ok(tasks::table
        .filter(tasks::user_id.eq(user))
        .filter(tasks::interview_id.eq(interview).or(of_process))
        .filter(tasks::deleted_at.is_null())
        .order((tasks::due_at.asc(), tasks::id.asc()))
        .select(Task::as_select())
        .load(conn)?)
}

/// What a calendar shows of `user`'s tasks: the open ones with a due time, and those cancelled
/// or deleted since `gone_since` (so that calendars remove them), in due order.
pub fn for_calendar(
    conn: &mut DbConnection,
    user: &str,
    gone_since: DateTime<Utc>,
) -> StoreResult<Vec<Task>> {
    let open = status_is(TaskStatus::Open).and(tasks::deleted_at.is_null());
    let gone = tasks::updated_at
        .ge(Stamp(gone_since))
        .and(status_is(TaskStatus::Cancelled).or(tasks::deleted_at.is_not_null()));
    Ok(tasks::table
        .filter(tasks::user_id.eq(user))
        .filter(tasks::due_at.is_not_null())
        .filter(open.or(gone))
        .order((tasks::due_at, tasks::id))
        .select(Task::as_select())
        .load(conn)?)
}
