//! Loads what the rule engine plans from: one user's live interviews, people, attendance,
//! references and the tasks it needs, as slim rows.

use std::str::FromStr;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::domain::enums::{
    Channel, InterviewStatus, Outcome, Permission, PreferredChannel, Role, Stage, TaskStatus,
};
use crate::domain::facts::{Facts, InterviewFact, PersonFact, Profile, ReferenceFact, TaskFact};
use crate::error::ApiResult;
use crate::schema::{attendances, interviews, job_references, people, tasks, users};

type InterviewRow = (
    String,
    String,
    String,
    String,
    NaiveDateTime,
    i32,
    String,
    String,
    Option<NaiveDateTime>,
    Option<chrono::NaiveDate>,
    Option<chrono::NaiveDate>,
    NaiveDateTime,
);

/// id, name, title, role, preferred_channel, notes
type PersonRow = (
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
);

type TaskRow = (
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<String>,
    Option<NaiveDateTime>,
);

pub fn load(conn: &mut DbConnection, user: &str) -> ApiResult<Facts> {
    let query = users::table
        .find(user)
        .select((users::name, users::time_zone, users::strengths));
    let (name, time_zone, strengths): (String, String, String) =
        crate::db::one_row(query, conn)?.ok_or(diesel::result::Error::NotFound)?;
    let profile = Profile {
        name,
        time_zone: chrono_tz::Tz::from_str(&time_zone).unwrap_or(chrono_tz::UTC),
        strengths: serde_json::from_str(&strengths).unwrap_or_default(),
    };

    let interview_rows: Vec<InterviewRow> = interviews::table
        .filter(interviews::user_id.eq(user))
        .filter(interviews::deleted_at.is_null())
        .select((
            interviews::id,
            interviews::company,
            interviews::position,
            interviews::stage,
            interviews::scheduled_at,
            interviews::duration_minutes,
            interviews::status,
            interviews::outcome,
            interviews::outcome_set_at,
            interviews::decision_expected_on,
            interviews::second_interview_expected_on,
            interviews::created_at,
        ))
        .load(conn)?;
    let interviews = interview_rows
        .into_iter()
        .map(|r| {
            Ok(InterviewFact {
                id: r.0,
                company: r.1,
                position: r.2,
                stage: Stage::from_db(&r.3)?,
                scheduled_at: r.4.and_utc(),
                duration_minutes: i64::from(r.5),
                status: InterviewStatus::from_db(&r.6)?,
                outcome: Outcome::from_db(&r.7)?,
                outcome_set_at: r.8.map(|t| t.and_utc()),
                decision_expected_on: r.9,
                second_interview_expected_on: r.10,
                created_at: r.11.and_utc(),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;

    let person_rows: Vec<PersonRow> = people::table
        .filter(people::user_id.eq(user))
        .filter(people::deleted_at.is_null())
        .select((
            people::id,
            people::name,
            people::title,
            people::role,
            people::preferred_channel,
            people::notes,
        ))
        .load(conn)?;
    let people = person_rows
        .into_iter()
        .map(|r| {
            Ok(PersonFact {
                id: r.0,
                name: r.1,
                title: r.2,
                role: Role::from_db(&r.3)?,
                preferred_channel: PreferredChannel::from_db(&r.4)?,
                notes: r.5,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;

    let attendance: Vec<(String, String)> = attendances::table
        .filter(attendances::user_id.eq(user))
        .select((attendances::interview_id, attendances::person_id))
        .load(conn)?;

    let reference_rows: Vec<(String, String, String, Option<NaiveDateTime>, NaiveDateTime)> =
        job_references::table
            .filter(job_references::user_id.eq(user))
            .filter(job_references::deleted_at.is_null())
            .select((
                job_references::id,
                job_references::name,
                job_references::permission,
                job_references::permission_asked_at,
                job_references::created_at,
            ))
            .load(conn)?;
    let references = reference_rows
        .into_iter()
        .map(|r| {
            Ok(ReferenceFact {
                id: r.0,
                name: r.1,
                permission: Permission::from_db(&r.2)?,
                permission_asked_at: r.3.map(|t| t.and_utc()),
                created_at: r.4.and_utc(),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;

    // Generated tasks (deleted ones too: their keys stay reserved) and every completed task
    // (calls logged by hand count for the cadence guard).
    let task_rows: Vec<TaskRow> = tasks::table
        .filter(tasks::user_id.eq(user))
        .filter(tasks::dedupe_key.is_not_null().or(tasks::status.eq("done")))
        .select((
            tasks::id,
            tasks::kind,
            tasks::dedupe_key,
            tasks::status,
            tasks::interview_id,
            tasks::interviewer_id,
            tasks::due_at,
            tasks::completed_at,
            tasks::completion_channel,
            tasks::deleted_at,
        ))
        .load(conn)?;
    let tasks = task_rows
        .into_iter()
        .map(|r| {
            Ok(TaskFact {
                id: r.0,
                kind: r.1,
                dedupe_key: r.2,
                status: TaskStatus::from_db(&r.3)?,
                interview_id: r.4,
                interviewer_id: r.5,
                due_at: r.6.map(|t| t.and_utc()),
                completed_at: r.7.map(|t| t.and_utc()),
                completion_channel: r.8.map(|c| Channel::from_db(&c)).transpose()?,
                deleted: r.9.is_some(),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;

    Ok(Facts {
        profile,
        interviews,
        people,
        attendance,
        references,
        tasks,
    })
}
