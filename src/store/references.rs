//! References: the people who will vouch for the user, and whether each agreed to.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::job_references;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::enums::Permission;
use crate::store::error::StoreResult;
use crate::store::tasks;
use crate::store::window::Window;
use crate::windowed;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_references, check_for_backend(crate::db::MultiBackend))]
pub struct Reference {
    pub id: Id,
    pub user_id: Id,
    pub name: String,
    pub relationship: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postal_address: Option<String>,
    pub permission: Permission,
    pub permission_asked_at: Option<DateTime<Utc>>,
    pub permission_answered_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

crate::store::versioned_table!(
    job_references,
    Reference,
    ReferenceChanges,
    "No such reference"
);

#[derive(Debug, Insertable)]
#[diesel(table_name = job_references)]
pub struct NewReference {
    pub id: Id,
    pub user_id: Id,
    pub name: String,
    pub relationship: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postal_address: Option<String>,
    pub permission: Permission,
    pub permission_asked_at: Option<Stamp>,
    pub permission_answered_at: Option<Stamp>,
    pub notes: Option<String>,
    pub created_at: Stamp,
    pub updated_at: Stamp,
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
    pub permission: Option<Permission>,
    pub permission_asked_at: Option<Option<Stamp>>,
    pub permission_answered_at: Option<Option<Stamp>>,
    pub notes: Option<Option<String>>,
}

crate::store::changes_nothing!(
    ReferenceChanges,
    Reference,
    [
        name,
        relationship,
        company,
        title,
        email,
        phone,
        postal_address,
        permission,
        permission_asked_at,
        permission_answered_at,
        notes,
    ]
);

pub fn insert(conn: &mut DbConnection, new: &NewReference) -> StoreResult<Reference> {
    Ok(diesel::insert_into(job_references::table)
        .values(new)
        .returning(job_references::all_columns)
        .get_result(conn)?)
}

pub fn list(conn: &mut DbConnection, user: &str, window: &Window) -> StoreResult<Vec<Reference>> {
    let query = job_references::table
        .select(Reference::as_select())
        .into_boxed();
    Ok(windowed!(query, job_references, user, window, conn)?)
}

pub fn delete(conn: &mut DbConnection, current: &Reference, now: DateTime<Utc>) -> StoreResult<()> {
    mark_deleted(conn, current, now)?;
    tasks::cancel_open_for(
        conn,
        &current.user_id,
        tasks::Link::Reference(&current.id),
        "The reference was deleted",
        now,
    )
}
