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

/// What a write that re-plans part of a user's follow-up reads of the account while it locks it:
/// the planner's profile, when the account is next due, and which of the small collections the
/// planner reads hold anything, so that a re-plan queries none that is empty.
#[derive(Debug, Clone)]
pub struct Held {
    pub profile: crate::domain::facts::Profile,
    pub next_check_at: Option<DateTime<Utc>>,
    pub has_webhooks: bool,
    pub has_rule_settings: bool,
    pub has_custom_rules: bool,
    pub has_references: bool,
}

/// Locks `user`'s row for the transaction (on PostgreSQL; SQLite's write transaction holds the
/// database already) and reads what `Held` holds, in one statement. `None`: no such account.
pub fn hold(conn: &mut DbConnection, user: &str) -> Result<Option<Held>, crate::db::DbError> {
    use crate::db::schema::{custom_rules, job_references, rule_settings, webhooks};
    use diesel::dsl::exists;
    let query = users::table.find(user).select((
        users::name,
        users::time_zone,
        users::strengths,
        users::next_check_at,
        exists(
            webhooks::table
                .filter(webhooks::user_id.eq(user))
                .filter(webhooks::enabled),
        ),
        exists(rule_settings::table.filter(rule_settings::user_id.eq(user))),
        // Deleted rules too: the reasons of their cancelled tasks name them.
        exists(custom_rules::table.filter(custom_rules::user_id.eq(user))),
        exists(
            job_references::table
                .filter(job_references::user_id.eq(user))
                .filter(job_references::deleted_at.is_null()),
        ),
    ));
    type Row = (
        String,
        crate::domain::TimeZone,
        crate::domain::Strengths,
        Option<DateTime<Utc>>,
        bool,
        bool,
        bool,
        bool,
    );
    let row: Option<Row> = match conn {
        DbConnection::Pg(pg) => query.for_update().get_result(pg).optional()?,
        DbConnection::Sqlite(sqlite) => query.get_result(sqlite).optional()?,
    };
    Ok(row.map(
        |(name, time_zone, strengths, next_check_at, webhooks, settings, custom, references)| {
            Held {
                profile: crate::domain::facts::Profile {
                    name,
                    time_zone: time_zone.tz(),
                    strengths: strengths.into_vec(),
                },
                next_check_at,
                has_webhooks: webhooks,
                has_rule_settings: settings,
                has_custom_rules: custom,
                has_references: references,
            }
        },
    ))
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
