//! Loads what the rule engine plans from: one user's live applications, their interviews, the
//! people met, references and the tasks it needs, as slim rows read straight into domain types.
//! A scoped load (`rules::scope`) reads only some applications, their rounds, the people met
//! there and their tasks.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{
    application_references, applications, attendances, interviews, job_references, people, tasks,
    users,
};
use crate::domain::enums::{
    Channel, Interest, InterviewFormat, InterviewStatus, Outcome, Permission, PreferredChannel,
    Role, Stage, TaskStatus,
};
use crate::domain::facts::{
    ApplicationFact, Facts, InterviewFact, PersonFact, Profile, ReferenceFact, TaskFact,
};
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
#[diesel(table_name = applications, check_for_backend(crate::db::MultiBackend))]
struct ApplicationRow {
    id: String,
    company: String,
    position: String,
    employer_time_zone: Option<TimeZone>,
    applied_on: Option<NaiveDate>,
    outcome: Outcome,
    outcome_set_at: Option<DateTime<Utc>>,
    interest: Interest,
    decision_expected_on: Option<NaiveDate>,
    second_interview_expected_on: Option<NaiveDate>,
    strengths: Option<Strengths>,
    check_in_interval_days: Option<i32>,
    created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = interviews, check_for_backend(crate::db::MultiBackend))]
struct InterviewRow {
    id: String,
    application_id: Option<String>,
    company: String,
    position: String,
    stage: Stage,
    format: InterviewFormat,
    scheduled_at: DateTime<Utc>,
    duration_minutes: i32,
    status: InterviewStatus,
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
    application_id: Option<String>,
    due_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    completion_channel: Option<Channel>,
    deleted_at: Option<DateTime<Utc>>,
}

/// Each application paired with each person met in one of its live rounds: what
/// `rules::scope::closure` needs to find a write's scope.
pub fn index(conn: &mut DbConnection, user: &str) -> StoreResult<Vec<(String, String)>> {
    let met: Vec<(Option<String>, String)> = attendances::table
        .inner_join(interviews::table)
        .filter(attendances::user_id.eq(user))
        .filter(interviews::deleted_at.is_null())
        .select((interviews::application_id, attendances::person_id))
        .distinct()
        .load(conn)?;
    Ok(met
        .into_iter()
        .filter_map(|(application, person)| Some((application?, person)))
        .collect())
}

/// The facts of `user`; with a scope, only those its applications need
/// (`rules::scope::restrict`).
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

    let mut query = application_references::table
        .inner_join(job_references::table)
        .filter(application_references::user_id.eq(user))
        .filter(job_references::deleted_at.is_null())
        .select((
            application_references::application_id,
            application_references::reference_id,
        ))
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(
            conn,
            application_references::application_id,
            ids.iter().copied(),
        ));
    }
    let mut links: Vec<(String, String)> = query.load(conn)?;
    links.sort();

    let mut query = applications::table
        .filter(applications::user_id.eq(user))
        .filter(applications::deleted_at.is_null())
        .select(ApplicationRow::as_select())
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(conn, applications::id, ids.iter().copied()));
    }
    let applications = query
        .load_iter::<ApplicationRow, _>(conn)?
        .map(|row| {
            let r = row?;
            let from = links.partition_point(|(app, _)| *app < r.id);
            let references = links[from..]
                .iter()
                .take_while(|(app, _)| *app == r.id)
                .map(|(_, reference)| reference.clone())
                .collect();
            Ok(ApplicationFact {
                time_zone: r.employer_time_zone.map(|tz| tz.tz()),
                strengths: r.strengths.map(Strengths::into_vec).unwrap_or_default(),
                check_in_interval_days: r.check_in_interval_days.map(i64::from),
                id: r.id,
                company: r.company,
                position: r.position,
                applied_on: r.applied_on,
                outcome: r.outcome,
                outcome_set_at: r.outcome_set_at,
                interest: r.interest,
                decision_expected_on: r.decision_expected_on,
                second_interview_expected_on: r.second_interview_expected_on,
                references,
                created_at: r.created_at,
            })
        })
        .collect::<QueryResult<Vec<_>>>()?;

    let mut query = interviews::table
        .filter(interviews::user_id.eq(user))
        .filter(interviews::deleted_at.is_null())
        .filter(interviews::application_id.is_not_null())
        .select(InterviewRow::as_select())
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(
            conn,
            interviews::application_id.assume_not_null(),
            ids.iter().copied(),
        ));
    }
    let interviews = query
        .load_iter::<InterviewRow, _>(conn)?
        .filter_map(|row| match row {
            Ok(r) => Some(Ok(InterviewFact {
                application_id: r.application_id?,
                id: r.id,
                company: r.company,
                position: r.position,
                stage: r.stage,
                format: r.format,
                scheduled_at: r.scheduled_at,
                duration_minutes: i64::from(r.duration_minutes),
                status: r.status,
                created_at: r.created_at,
            })),
            Err(e) => Some(Err(e)),
        })
        .collect::<QueryResult<Vec<_>>>()?;

    let mut query = attendances::table
        .inner_join(interviews::table)
        .filter(attendances::user_id.eq(user))
        .filter(interviews::deleted_at.is_null())
        .select((attendances::interview_id, attendances::person_id))
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(
            conn,
            interviews::application_id.assume_not_null(),
            ids.iter().copied(),
        ));
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
        query = query.filter(in_ids(
            conn,
            tasks::application_id.assume_not_null(),
            ids.iter().copied(),
        ));
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
                application_id: r.application_id,
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
        applications,
        interviews,
        people,
        attendance,
        references,
        tasks,
    })
}
