//! References: the people who will vouch for the user, and whether each agreed to.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::api::list::{Listed, Window};
use crate::db::DbConnection;
use crate::error::{ApiError, ApiResult};
use crate::schema::job_references;
use crate::store::{interviews, tasks};
use crate::windowed;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_references, check_for_backend(crate::db::MultiBackend))]
pub struct Reference {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub relationship: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postal_address: Option<String>,
    pub permission: String,
    pub permission_asked_at: Option<NaiveDateTime>,
    pub permission_answered_at: Option<NaiveDateTime>,
    pub notes: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

impl Listed for Reference {
    fn id(&self) -> &str {
        &self.id
    }
    fn updated_at(&self) -> NaiveDateTime {
        self.updated_at
    }
    fn deleted_at(&self) -> Option<NaiveDateTime> {
        self.deleted_at
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = job_references)]
pub struct NewReference {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub relationship: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postal_address: Option<String>,
    pub permission: String,
    pub permission_asked_at: Option<NaiveDateTime>,
    pub permission_answered_at: Option<NaiveDateTime>,
    pub notes: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = job_references)]
pub struct ReferenceChanges {
    pub name: Option<String>,
    pub relationship: Option<Option<String>>,
    pub company: Option<Option<String>>,
    pub title: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub postal_address: Option<Option<String>>,
    pub permission: Option<String>,
    pub permission_asked_at: Option<Option<NaiveDateTime>>,
    pub permission_answered_at: Option<Option<NaiveDateTime>>,
    pub notes: Option<Option<String>>,
}

pub fn insert(conn: &mut DbConnection, new: &NewReference) -> ApiResult<Reference> {
    Ok(diesel::insert_into(job_references::table)
        .values(new)
        .returning(job_references::all_columns)
        .get_result(conn)?)
}

pub fn find(conn: &mut DbConnection, user: &str, id: &str) -> ApiResult<Reference> {
    job_references::table
        .filter(job_references::id.eq(id))
        .filter(job_references::user_id.eq(user))
        .filter(job_references::deleted_at.is_null())
        .select(Reference::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::NotFound("No such reference".into()))
}

pub fn list(conn: &mut DbConnection, user: &str, window: &Window) -> ApiResult<Vec<Reference>> {
    let query = job_references::table
        .filter(job_references::user_id.eq(user.to_string()))
        .select(Reference::as_select())
        .into_boxed();
    Ok(windowed!(query, job_references, window).load(conn)?)
}

pub fn update(
    conn: &mut DbConnection,
    current: &Reference,
    changes: &ReferenceChanges,
    now: NaiveDateTime,
) -> ApiResult<Reference> {
    diesel::update(
        job_references::table
            .filter(job_references::id.eq(&current.id))
            .filter(job_references::user_id.eq(&current.user_id))
            .filter(job_references::version.eq(current.version)),
    )
    .set((
        changes,
        job_references::version.eq(job_references::version + 1),
        job_references::updated_at.eq(now),
    ))
    .returning(job_references::all_columns)
    .get_result(conn)
    .optional()?
    .ok_or_else(interviews::changed_meanwhile)
}

pub fn delete(conn: &mut DbConnection, current: &Reference, now: NaiveDateTime) -> ApiResult<()> {
    let deleted = diesel::update(
        job_references::table
            .filter(job_references::id.eq(&current.id))
            .filter(job_references::version.eq(current.version)),
    )
    .set((
        job_references::deleted_at.eq(Some(now)),
        job_references::version.eq(job_references::version + 1),
        job_references::updated_at.eq(now),
    ))
    .execute(conn)?;
    if deleted == 0 {
        return Err(interviews::changed_meanwhile());
    }
    tasks::cancel_open_for(
        conn,
        &current.user_id,
        tasks::Link::Reference(&current.id),
        "The reference was deleted",
        now,
    )
}
