//! One account as a whole: everything a user stored, read at once for the export, and deleted at
//! once when the account is closed.

use diesel::prelude::*;

use super::interviews::Interview;
use super::people::Person;
use super::references::Reference;
use super::tasks::Task;
use crate::db::DbConnection;
use crate::db::schema::{
    attendances, idempotency_keys, interviews, job_references, people, refresh_tokens,
    rule_settings, tasks, users,
};
use crate::store::error::StoreResult;

/// The user's live rows (tombstones left out), oldest first.
pub struct Stored {
    pub interviews: Vec<Interview>,
    pub people: Vec<Person>,
    /// (interview, person) pairs.
    pub attendances: Vec<(String, String)>,
    pub references: Vec<Reference>,
    pub tasks: Vec<Task>,
}

/// Everything `user` stored, read in one transaction so that the parts agree.
pub fn export(conn: &mut DbConnection, user: &str) -> StoreResult<Stored> {
    conn.transaction(|conn| {
        Ok(Stored {
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
                .order((attendances::interview_id, attendances::person_id))
                .select((attendances::interview_id, attendances::person_id))
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
        })
    })
}

/// Deletes every row of `user`, children first, so nothing depends on the foreign keys'
/// cascades (SQLite enforces them only when asked to). Returns how many rows went. Run it in a
/// write transaction (`db::write`), so that it happens entirely or not at all.
pub fn delete(conn: &mut DbConnection, user: &str) -> StoreResult<usize> {
    conn.transaction(|conn| {
        Ok(
            diesel::delete(tasks::table.filter(tasks::user_id.eq(user))).execute(conn)?
                + diesel::delete(attendances::table.filter(attendances::user_id.eq(user)))
                    .execute(conn)?
                + diesel::delete(interviews::table.filter(interviews::user_id.eq(user)))
                    .execute(conn)?
                + diesel::delete(people::table.filter(people::user_id.eq(user))).execute(conn)?
                + diesel::delete(job_references::table.filter(job_references::user_id.eq(user)))
                    .execute(conn)?
                + diesel::delete(rule_settings::table.filter(rule_settings::user_id.eq(user)))
                    .execute(conn)?
                + diesel::delete(
                    idempotency_keys::table.filter(idempotency_keys::user_id.eq(user)),
                )
                .execute(conn)?
                + diesel::delete(refresh_tokens::table.filter(refresh_tokens::user_id.eq(user)))
                    .execute(conn)?
                + diesel::delete(users::table.find(user)).execute(conn)?,
        )
    })
}
