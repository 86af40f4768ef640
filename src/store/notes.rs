//! What proofreading a task's note needs from the user's data, and the last check of each note.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{
    applications, attendances, interviews, job_references, note_checks, people, users,
};
use crate::db::{DbConnection, Stamp};
use crate::domain::Strengths;
use crate::store::error::StoreResult;
use crate::store::tasks;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interviews, check_for_backend(crate::db::MultiBackend))]
pub struct InterviewNames {
    pub id: String,
    pub company: String,
    pub position: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = people, check_for_backend(crate::db::MultiBackend))]
pub struct PersonNames {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_references, check_for_backend(crate::db::MultiBackend))]
pub struct ReferenceNames {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(crate::db::MultiBackend))]
struct Writer {
    name: String,
    strengths: Strengths,
}

/// Every name of the user's data, and which of them the task's note is about.
#[derive(Debug, Clone)]
pub struct NoteSources {
    pub interview_id: Option<String>,
    pub interviewer_id: Option<String>,
    pub reference_id: Option<String>,
    pub writer: String,
    pub strengths: Vec<String>,
    pub words: Vec<String>,
    pub discussed: Vec<String>,
    pub interviews: Vec<InterviewNames>,
    pub people: Vec<PersonNames>,
    /// (interview id, person id)
    pub attendance: Vec<(String, String)>,
    pub references: Vec<ReferenceNames>,
}

pub fn sources(conn: &mut DbConnection, user: &str, task: &str) -> StoreResult<NoteSources> {
    let task = tasks::find(conn, user, task)?;
    let writer = crate::db::one_row(users::table.find(user).select(Writer::as_select()), conn)?
        .ok_or(diesel::result::Error::NotFound)?;
    Ok(NoteSources {
        interview_id: task.interview_id.map(|id| id.to_string()),
        interviewer_id: task.interviewer_id.map(|id| id.to_string()),
        reference_id: task.reference_id.map(|id| id.to_string()),
        writer: writer.name,
        // The profile's strengths, and every application's: a letter restates either.
        strengths: {
            let mut all = writer.strengths.into_vec();
            let of_applications: Vec<Option<Strengths>> = applications::table
                .filter(applications::user_id.eq(user))
                .filter(applications::deleted_at.is_null())
                .select(applications::strengths)
                .load(conn)?;
            all.extend(
                of_applications
                    .into_iter()
                    .flatten()
                    .flat_map(Strengths::into_vec),
            );
            all
        },
        // The words the user taught the proofreader.
        words: crate::store::words::of_user(conn, user)?
            .into_iter()
            .map(|w| w.word)
            .collect(),
        // What was discussed, written by the user: their words, as their strengths are.
        discussed: attendances::table
            .filter(attendances::user_id.eq(user))
            .filter(attendances::deleted_at.is_null())
            .select(attendances::discussed)
            .load::<Option<String>>(conn)?
            .into_iter()
            .flatten()
            .collect(),
        interviews: interviews::table
            .filter(interviews::user_id.eq(user))
            .filter(interviews::deleted_at.is_null())
            .select(InterviewNames::as_select())
            .load(conn)?,
        people: people::table
            .filter(people::user_id.eq(user))
            .filter(people::deleted_at.is_null())
            .select(PersonNames::as_select())
            .load(conn)?,
        attendance: attendances::table
            .filter(attendances::user_id.eq(user))
            .filter(attendances::deleted_at.is_null())
            .select((attendances::interview_id, attendances::person_id))
            .load(conn)?,
        references: job_references::table
            .filter(job_references::user_id.eq(user))
            .filter(job_references::deleted_at.is_null())
            .select(ReferenceNames::as_select())
            .load(conn)?,
    })
}

/// Keeps how many findings the last check of `task`'s note had.
pub fn record_check(
    conn: &mut DbConnection,
    user: &str,
    task: &str,
    at: DateTime<Utc>,
    findings: usize,
) -> StoreResult<()> {
    diesel::delete(note_checks::table.filter(note_checks::task_id.eq(task))).execute(conn)?;
    diesel::insert_into(note_checks::table)
        .values((
            note_checks::task_id.eq(task),
            note_checks::user_id.eq(user),
            note_checks::checked_at.eq(Stamp(at)),
            note_checks::findings.eq(i32::try_from(findings).unwrap_or(i32::MAX)),
        ))
        .execute(conn)?;
    Ok(())
}

/// When `task`'s note was last checked, and how many findings it had.
pub fn last_check(
    conn: &mut DbConnection,
    user: &str,
    task: &str,
) -> StoreResult<Option<(DateTime<Utc>, i32)>> {
    let query = note_checks::table
        .filter(note_checks::user_id.eq(user))
        .filter(note_checks::task_id.eq(task))
        .select((note_checks::checked_at, note_checks::findings));
    Ok(crate::db::one_row(query, conn)?)
}
