//! Every table that holds a user's rows, in one list: what closing the account deletes (in this
//! order, children first, so nothing waits on a foreign key's cascade), what the export holds
//! of each, and which keep tombstones for sync. A new per-user table is added here once, and
//! the account's deletion, export, retention and their tests all follow; a test fails while a
//! table with a `user_id` is missing from the list.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{
    api_tokens, application_references, applications, attendances, calendar_feeds, custom_rules,
    idempotency_keys, interviews, job_references, note_checks, open_task_counts, people,
    refresh_tokens, rule_settings, tasks, user_words, users, webhook_attempts, webhook_deliveries,
    webhook_events, webhooks,
};
use crate::db::{DbConnection, Stamp};

/// What the export (`GET /v1/me/export`) holds of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// One item under this key for each live row.
    Rows(&'static str),
    /// Folded into the items of this key (a setting shown with the rule it sets).
    Within(&'static str),
    /// Left out, for this reason: a secret's digest, a cache, a count derived from other rows.
    Left(&'static str),
}

type Count = fn(&mut DbConnection, &str) -> QueryResult<i64>;
type Delete = fn(&mut DbConnection, &str) -> QueryResult<usize>;
type Purge = fn(&mut DbConnection, DateTime<Utc>) -> QueryResult<usize>;

pub struct UserTable {
    /// The SQL table.
    pub name: &'static str,
    pub export: Export,
    /// The user's live rows (tombstones left out).
    pub count: Count,
    /// Deletes every row of the user, tombstones included.
    pub delete: Delete,
    /// Deletes tombstones older than the instant given; `None` for a table without them.
    pub purge_tombstones: Option<Purge>,
}

/// A table with a `user_id` column and no tombstones.
macro_rules! owned {
    ($table:ident, $export:expr) => {
        UserTable {
            name: stringify!($table),
            export: $export,
            count: |conn, user| {
                $table::table
                    .filter($table::user_id.eq(user))
                    .count()
                    .get_result(conn)
            },
            delete: |conn, user| {
                diesel::delete($table::table.filter($table::user_id.eq(user))).execute(conn)
            },
            purge_tombstones: None,
        }
    };
}

/// A table with a `user_id` column whose deleted rows stay as tombstones (`deleted_at`).
macro_rules! synced {
    ($table:ident, $export:expr) => {
        UserTable {
            name: stringify!($table),
            export: $export,
            count: |conn, user| {
                $table::table
                    .filter($table::user_id.eq(user))
                    .filter($table::deleted_at.is_null())
                    .count()
                    .get_result(conn)
            },
            delete: |conn, user| {
                diesel::delete($table::table.filter($table::user_id.eq(user))).execute(conn)
            },
            purge_tombstones: Some(|conn, before| {
                diesel::delete($table::table.filter($table::deleted_at.lt(Stamp(before))))
                    .execute(conn)
            }),
        }
    };
}

/// A table whose rows belong to one of the user's webhook endpoints.
macro_rules! of_webhooks {
    ($table:ident, $export:expr) => {
        UserTable {
            name: stringify!($table),
            export: $export,
            count: |conn, user| {
                let hooks = webhooks::table
                    .filter(webhooks::user_id.eq(user.to_string()))
                    .select(webhooks::id);
                $table::table
                    .filter($table::webhook_id.eq_any(hooks))
                    .count()
                    .get_result(conn)
            },
            delete: |conn, user| {
                let hooks = webhooks::table
                    .filter(webhooks::user_id.eq(user.to_string()))
                    .select(webhooks::id);
                diesel::delete($table::table.filter($table::webhook_id.eq_any(hooks))).execute(conn)
            },
            purge_tombstones: None,
        }
    };
}

/// Every table of a user's rows but `users` itself, children before their parents.
pub const USER_TABLES: &[UserTable] = &[
    owned!(note_checks, Export::Rows("proofreading")),
    owned!(user_words, Export::Rows("words")),
    of_webhooks!(webhook_attempts, Export::Rows("webhook_attempts")),
    of_webhooks!(
        webhook_deliveries,
        Export::Left("the outbox's queue of deliveries, copies of events already exported")
    ),
    owned!(
        webhook_events,
        Export::Left("the outbox: copies of your own resources queued for delivery")
    ),
    owned!(webhooks, Export::Rows("webhooks")),
    synced!(tasks, Export::Rows("tasks")),
    synced!(attendances, Export::Rows("attendances")),
    synced!(interviews, Export::Rows("interviews")),
    owned!(
        application_references,
        Export::Rows("application_references")
    ),
    synced!(applications, Export::Rows("applications")),
    synced!(people, Export::Rows("people")),
    synced!(job_references, Export::Rows("references")),
    synced!(custom_rules, Export::Rows("custom_rules")),
    owned!(rule_settings, Export::Within("rules")),
    owned!(api_tokens, Export::Rows("api_tokens")),
    owned!(calendar_feeds, Export::Rows("calendar_feeds")),
    owned!(
        idempotency_keys,
        Export::Left("replies kept 24 hours so that a retried request is not done twice")
    ),
    owned!(
        refresh_tokens,
        Export::Left("digests of your sign-in sessions' refresh tokens: credentials")
    ),
    owned!(
        open_task_counts,
        Export::Left("the count of your open tasks, kept from the tasks themselves")
    ),
];

/// Deletes every row of `user`, the account last; how many rows went. Run it in a write
/// transaction, so that it happens entirely or not at all.
pub fn delete_account(conn: &mut DbConnection, user: &str) -> QueryResult<usize> {
    let mut removed = 0;
    for table in USER_TABLES {
        removed += (table.delete)(conn, user)?;
    }
    Ok(removed + diesel::delete(users::table.find(user)).execute(conn)?)
}

/// Deletes tombstones older than `before`, in every table that keeps them (children first).
pub fn purge_tombstones(conn: &mut DbConnection, before: DateTime<Utc>) -> QueryResult<usize> {
    let mut purged = 0;
    for purge in USER_TABLES.iter().filter_map(|t| t.purge_tombstones) {
        purged += purge(conn, before)?;
    }
    Ok(purged)
}

/// The table named `name`, if it holds a user's rows.
pub fn table(name: &str) -> Option<&'static UserTable> {
    USER_TABLES.iter().find(|t| t.name == name)
}
