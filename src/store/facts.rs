//! Loads what the rule engine plans from: one user's live interviews, people, attendance,
//! references and the tasks it needs, as slim rows read straight into domain types. A scoped
//! load (`rules::scope`) reads only some interviews, the people met there and their tasks.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{attendances, interviews, job_references, people, tasks, users};
use crate::domain::enums::{
    Channel, Interest, InterviewFormat, InterviewStatus, Outcome, Permission, PreferredChannel,
    Role, Stage, TaskStatus,
};
use crate::domain::facts::{Facts, InterviewFact, PersonFact, Profile, ReferenceFact, TaskFact};
use crate::domain::{Strengths, TimeZone, UserFields};
use crate::store::error::StoreResult;
use crate::store::id_set::in_ids;
use crate::store::task_status::status_is;

#[derive(Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(crate::db::MultiBackend))]
struct ProfileRow {
    name: String,
    time_zone: TimeZone,
    strengths: Strengths,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = interviews, check_for_backend(crate::db::MultiBackend))]
struct InterviewRow {
    id: String,
    company: String,
    position: String,
    stage: Stage,
    format: InterviewFormat,
    scheduled_at: DateTime<Utc>,
    duration_minutes: i32,
    status: InterviewStatus,
    outcome: Outcome,
    outcome_set_at: Option<DateTime<Utc>>,
    decision_expected_on: Option<NaiveDate>,
    second_interview_expected_on: Option<NaiveDate>,
    interest: Interest,
    created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = people, check_for_backend(crate::db::MultiBackend))]
struct PersonRow {
    id: String,
    name: String,
    title: Option<String>,
    role: Role,
    preferred_channel: PreferredChannel,
    notes: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = job_references, check_for_backend(crate::db::MultiBackend))]
struct ReferenceRow {
    id: String,
    name: String,
    title: Option<String>,
    company: Option<String>,
    permission: Permission,
    permission_asked_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = tasks, check_for_backend(crate::db::MultiBackend))]
struct TaskRow {
    id: String,
    kind: String,
    dedupe_key: Option<String>,
    title: String,
    reason: Option<String>,
    draft: Option<String>,
    channel: Option<Channel>,
    not_before: Option<DateTime<Utc>>,
    user_fields: UserFields,
    status: TaskStatus,
    interview_id: Option<String>,
    interviewer_id: Option<String>,
    reference_id: Option<String>,
    due_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    completion_channel: Option<Channel>,
    deleted_at: Option<DateTime<Utc>>,
}

/// Every live interview as (id, company) and every attendance as (interview, person): what
/// `rules::scope::closure` needs to find a write's scope.
pub type Index = (Vec<(String, String)>, Vec<(String, String)>);

pub fn index(conn: &mut DbConnection, user: &str) -> StoreResult<Index> {
    let interviews = interviews::table
        .filter(interviews::user_id.eq(user))
        .filter(interviews::deleted_at.is_null())
        .select((interviews::id, interviews::company))
        .load(conn)?;
    let attendance = attendances::table
        .filter(attendances::user_id.eq(user))
        .select((attendances::interview_id, attendances::person_id))
        .load(conn)?;
    Ok((interviews, attendance))
}

/// The facts of `user`; with a scope, only those its interviews need (`rules::scope::restrict`).
pub fn load(
    conn: &mut DbConnection,
    user: &str,
    scope: Option<&BTreeSet<String>>,
) -> StoreResult<Facts> {
    let ids: Vec<&str> = scope.into_iter().flatten().map(String::as_str).collect();
    let query = users::table.find(user).select(ProfileRow::as_select());
    let profile = crate::db::one_row(query, conn)?.ok_or(diesel::result::Error::NotFound)?;
    let profile = Profile {
        name: profile.name,
        time_zone: profile.time_zone.tz(),
        strengths: profile.strengths.into_vec(),
    };

    let mut query = interviews::table
        .filter(interviews::user_id.eq(user))
        .filter(interviews::deleted_at.is_null())
        .select(InterviewRow::as_select())
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(conn, interviews::id, ids.iter().copied()));
    }
    let interviews = query
        .load_iter::<InterviewRow, _>(conn)?
        .map(|row| {
            let r = row?;
            Ok(InterviewFact {
                id: r.id,
                company: r.company,
                position: r.position,
                stage: r.stage,
                format: r.format,
                scheduled_at: r.scheduled_at,
                duration_minutes: i64::from(r.duration_minutes),
                status: r.status,
                outcome: r.outcome,
                outcome_set_at: r.outcome_set_at,
                decision_expected_on: r.decision_expected_on,
                second_interview_expected_on: r.second_interview_expected_on,
                interest: r.interest,
                created_at: r.created_at,
            })
        })
        .collect::<QueryResult<Vec<_>>>()?;

    let mut query = attendances::table
        .filter(attendances::user_id.eq(user))
        .select((attendances::interview_id, attendances::person_id))
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(conn, attendances::interview_id, ids.iter().copied()));
    }
    let attendance: Vec<(String, String)> = query.load(conn)?;
    // Generated tasks (deleted ones too: their keys stay reserved) and every completed task
    // (calls logged by hand count for the cadence guard).
    let mut query = tasks::table
        .filter(tasks::user_id.eq(user))
        .filter(
            tasks::dedupe_key
                .is_not_null()
                .or(status_is(TaskStatus::Done)),
        )
        .select(TaskRow::as_select())
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(conn, tasks::interview_id, ids.iter().copied()));
    }
    let tasks = query
        .load_iter::<TaskRow, _>(conn)?
        .map(|row| {
            let r = row?;
            Ok(TaskFact {
                id: r.id,
                kind: r.kind,
                dedupe_key: r.dedupe_key,
                title: r.title,
                reason: r.reason,
                draft: r.draft,
                channel: r.channel,
                not_before: r.not_before,
                user_fields: r.user_fields,
                status: r.status,
                interview_id: r.interview_id,
                interviewer_id: r.interviewer_id,
                reference_id: r.reference_id,
                due_at: r.due_at,
                completed_at: r.completed_at,
                completion_channel: r.completion_channel,
                deleted: r.deleted_at.is_some(),
            })
        })
        .collect::<QueryResult<Vec<_>>>()?;

    let mut met: BTreeSet<&str> = attendance.iter().map(|(_, p)| p.as_str()).collect();
    // The people the scope's tasks were for, attending or not: a cancelled task's reason names
    // the person who left ("Morgan Lee no longer attends ...").
    met.extend(tasks.iter().filter_map(|t| t.interviewer_id.as_deref()));

    let mut query = people::table
        .filter(people::user_id.eq(user))
        .filter(people::deleted_at.is_null())
        .select(PersonRow::as_select())
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(conn, people::id, met));
    }
    let people = query
        .load_iter::<PersonRow, _>(conn)?
        .map(|row| {
            let r = row?;
            Ok(PersonFact {
                id: r.id,
                name: r.name,
                title: r.title,
                role: r.role,
                preferred_channel: r.preferred_channel,
                notes: r.notes,
            })
        })
        .collect::<QueryResult<Vec<_>>>()?;

    let references = job_references::table
        .filter(job_references::user_id.eq(user))
        .filter(job_references::deleted_at.is_null())
        .select(ReferenceRow::as_select())
        .load_iter::<ReferenceRow, _>(conn)?
        .map(|row| {
            let r = row?;
            Ok(ReferenceFact {
                id: r.id,
                name: r.name,
                title: r.title,
                company: r.company,
                permission: r.permission,
                permission_asked_at: r.permission_asked_at,
                created_at: r.created_at,
            })
        })
        .collect::<QueryResult<Vec<_>>>()?;

    Ok(Facts {
        profile,
        interviews,
        people,
        attendance,
        references,
        tasks,
    })
}
