//! One account as a whole: everything a user stored, read at once for the export, and deleted at
//! once when the account is closed (through `registry`, which lists every table of a user's
//! rows).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::api_tokens::ApiToken;
use super::custom_rules::StoredRule;
use super::interviews::Interview;
use super::people::Person;
use super::references::Reference;
use super::tasks::Task;
use super::webhooks::{Attempt, Webhook};
use crate::db::DbConnection;
use crate::db::schema::{
    application_references, applications, attendances, calendar_feeds, interviews, job_references,
    note_checks, people, tasks, webhook_attempts, webhooks,
};
use crate::store::error::StoreResult;

/// The user's live rows (tombstones left out), oldest first.
pub struct Stored {
    pub applications: Vec<super::applications::Staged>,
    /// (application, reference) pairs.
    pub application_references: Vec<(String, String)>,
    pub interviews: Vec<Interview>,
    pub people: Vec<Person>,
    pub attendances: Vec<super::attendances::Attendance>,
    pub references: Vec<Reference>,
    pub tasks: Vec<Task>,
    pub custom_rules: Vec<StoredRule>,
    pub api_tokens: Vec<ApiToken>,
    pub webhooks: Vec<Webhook>,
    pub webhook_attempts: Vec<Attempt>,
    /// When the calendar feed's address was made, if there is one.
    pub calendar_feeds: Vec<DateTime<Utc>>,
    /// The words the user taught the proofreader.
    pub words: Vec<super::words::UserWord>,
    /// (task, checked at, findings) of each task's last proofreading.
    pub note_checks: Vec<(String, DateTime<Utc>, i32)>,
}

/// Everything `user` stored, read in one transaction so that the parts agree.
pub fn export(conn: &mut DbConnection, user: &str) -> StoreResult<Stored> {
    conn.transaction(|conn| {
        let hooks = webhooks::table
            .filter(webhooks::user_id.eq(user.to_string()))
            .select(webhooks::id);
        let applications = applications::table
            .filter(applications::user_id.eq(user))
            .filter(applications::deleted_at.is_null())
            .order(applications::id)
            .select(super::applications::Application::as_select())
            .load(conn)?;
        Ok(Stored {
            applications: super::applications::staged(conn, applications)?,
            application_references: application_references::table
                .filter(application_references::user_id.eq(user))
                .order((
                    application_references::application_id,
                    application_references::reference_id,
                ))
                .select((
                    application_references::application_id,
                    application_references::reference_id,
                ))
                .load(conn)?,
            interviews: interviews::table
                .filter(interviews::user_id.eq(user))
                .filter(interviews::deleted_at.is_null())
                .order(interviews::id)
                .select(Interview::as_select())
                .load(conn)?,
            people: people::table
                .filter(people::user_id.eq(user))
                .filter(people::deleted_at.is_null())
                .order(people::id)
                .select(Person::as_select())
                .load(conn)?,
            attendances: attendances::table
                .filter(attendances::user_id.eq(user))
                .filter(attendances::deleted_at.is_null())
                .order((attendances::interview_id, attendances::person_id))
                .select(super::attendances::Attendance::as_select())
                .load(conn)?,
            references: job_references::table
                .filter(job_references::user_id.eq(user))
                .filter(job_references::deleted_at.is_null())
                .order(job_references::id)
                .select(Reference::as_select())
                .load(conn)?,
            tasks: tasks::table
                .filter(tasks::user_id.eq(user))
                .filter(tasks::deleted_at.is_null())
                .order(tasks::id)
                .select(Task::as_select())
                .load(conn)?,
            custom_rules: super::custom_rules::of_user(conn, user, false)?,
            api_tokens: super::api_tokens::of_user(conn, user)?,
            webhooks: super::webhooks::of_user(conn, user)?,
            webhook_attempts: webhook_attempts::table
                .filter(webhook_attempts::webhook_id.eq_any(hooks))
                .order((webhook_attempts::attempted_at, webhook_attempts::id))
                .select(Attempt::as_select())
                .load(conn)?,
            calendar_feeds: calendar_feeds::table
                .filter(calendar_feeds::user_id.eq(user))
                .select(calendar_feeds::created_at)
                .load(conn)?,
            words: super::words::of_user(conn, user)?,
            note_checks: note_checks::table
                .filter(note_checks::user_id.eq(user))
                .order(note_checks::task_id)
                .select((
                    note_checks::task_id,
                    note_checks::checked_at,
                    note_checks::findings,
                ))
                .load(conn)?,
        })
    })
}

/// Deletes every row of `user`, children first, so nothing depends on the foreign keys'
/// cascades (SQLite enforces them only when asked to). Returns how many rows went. Run it in a
/// write transaction (`db::write`), so that it happens entirely or not at all.
pub fn delete(conn: &mut DbConnection, user: &str) -> StoreResult<usize> {
    Ok(conn.transaction(|conn| super::registry::delete_account(conn, user))?)
}
