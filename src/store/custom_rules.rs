//! The user's custom rules: the definition as JSON text, a switch, and a tombstone when deleted.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::custom_rules;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::store::error::StoreResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = custom_rules, check_for_backend(crate::db::MultiBackend))]
pub struct StoredRule {
    pub id: Id,
    pub user_id: Id,
    /// `rules::custom::Definition` as JSON.
    pub definition: String,
    pub enabled: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = custom_rules)]
pub struct NewRule {
    pub id: Id,
    pub user_id: Id,
    pub definition: String,
    pub enabled: bool,
    pub created_at: Stamp,
    pub updated_at: Stamp,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = custom_rules)]
pub struct RuleChanges {
    pub definition: Option<String>,
    pub enabled: Option<bool>,
}

crate::store::versioned_table!(custom_rules, StoredRule, RuleChanges, "No such rule");

pub fn insert(conn: &mut DbConnection, new: &NewRule) -> StoreResult<StoredRule> {
    Ok(diesel::insert_into(custom_rules::table)
        .values(new)
        .returning(custom_rules::all_columns)
        .get_result(conn)?)
}

/// Every rule of `user` in creation order, deleted ones too when `deleted` is set.
pub fn of_user(conn: &mut DbConnection, user: &str, deleted: bool) -> StoreResult<Vec<StoredRule>> {
    let mut query = custom_rules::table
        .filter(custom_rules::user_id.eq(user))
        .select(StoredRule::as_select())
        .order(custom_rules::id)
        .into_boxed();
    if !deleted {
        query = query.filter(custom_rules::deleted_at.is_null());
    }
    Ok(query.load(conn)?)
}

/// Leaves a tombstone: the next re-plan cancels the rule's open tasks, naming it.
pub fn delete(
    conn: &mut DbConnection,
    current: &StoredRule,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    mark_deleted(conn, current, now)
}
