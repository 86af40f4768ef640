//! Accounts: creation, lookup, profile changes and the ticker's claims.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::is_unique_violation;
use crate::db::schema::users;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::{Strengths, TimeZone};
use crate::store::error::{StoreError, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(crate::db::MultiBackend))]
pub struct User {
    pub id: Id,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub time_zone: TimeZone,
    pub strengths: Strengths,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub next_check_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser {
    pub id: Id,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub time_zone: String,
    pub strengths: String,
    pub created_at: Stamp,
    pub updated_at: Stamp,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub strengths: Option<String>,
    pub updated_at: Option<Stamp>,
}

impl UserChanges {
    /// Whether these changes leave the profile as it is (`updated_at` aside).
    pub fn changes_nothing(&self, user: &User) -> bool {
        crate::store::keeps(&self.name, &user.name)
            && self
                .time_zone
                .as_deref()
                .is_none_or(|tz| tz == user.time_zone.name())
            && self
                .strengths
                .as_deref()
                .is_none_or(|s| s == user.strengths.to_json())
    }
}

pub fn insert(conn: &mut DbConnection, new: &NewUser) -> StoreResult<User> {
    diesel::insert_into(users::table)
        .values(new)
        .returning(users::all_columns)
        .get_result(conn)
        .map_err(|err| {
            if is_unique_violation(&err) {
                StoreError::Conflict {
                    field: Some("email"),
                    detail: "An account with this email already exists".into(),
                }
            } else {
                err.into()
            }
        })
}

pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<User>> {
    let query = users::table.find(id).select(User::as_select());
    Ok(crate::db::one_row(query, conn)?)
}

pub fn find_by_email(conn: &mut DbConnection, email: &str) -> StoreResult<Option<User>> {
    let query = users::table
        .filter(users::email.eq(email))
        .select(User::as_select());
    Ok(crate::db::one_row(query, conn)?)
}

pub fn update(conn: &mut DbConnection, id: &str, changes: &UserChanges) -> StoreResult<User> {
    diesel::update(users::table.find(id))
        .set(changes)
        .returning(users::all_columns)
        .get_result(conn)
        .optional()?
        .ok_or_else(|| StoreError::NotFound("This account no longer exists".into()))
}

pub fn set_password(
    conn: &mut DbConnection,
    id: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::updated_at.eq(Stamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// When the user's plan next needs a look from the ticker (`None`: only when their facts change).
pub fn set_next_check(
    conn: &mut DbConnection,
    id: &str,
    at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    diesel::update(users::table.find(id))
        .set(users::next_check_at.eq(at.map(Stamp)))
        .execute(conn)?;
    Ok(())
}

/// Moves the user's next check to `at` if it was later, or unset.
pub fn bring_next_check_forward(
    conn: &mut DbConnection,
    id: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(
        users::table.find(id).filter(
            users::next_check_at
                .is_null()
                .or(users::next_check_at.gt(Stamp(at))),
        ),
    )
    .set(users::next_check_at.eq(Stamp(at)))
    .execute(conn)?;
    Ok(())
}

/// Claims up to `batch` users whose plan is due, pushing their check `lease` ahead so that
/// other servers skip them; reconciling sets the real next check. The conditional update makes
/// the claim safe with several servers: a row claimed by one no longer matches for another.
pub fn claim_due(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    batch: i64,
) -> StoreResult<Vec<String>> {
    let due: Vec<String> = users::table
        .select(users::id)
        .filter(users::next_check_at.le(Stamp(now)))
        .order(users::next_check_at.asc())
        .limit(batch)
        .load(conn)?;
    if due.is_empty() {
        return Ok(due);
    }
    Ok(diesel::update(
        users::table
            .filter(users::id.eq_any(&due))
            .filter(users::next_check_at.le(Stamp(now))),
    )
    .set(users::next_check_at.eq(Stamp(lease_until)))
    .returning(users::id)
    .get_results(conn)?)
}
