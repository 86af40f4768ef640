//! Per-account quotas (`config::Quotas`): counted inside the write transaction that would add
//! one more, so concurrent creates cannot together pass a limit. What is counted is the table's
//! live rows as `registry` counts them; open tasks are the one count kept apart.

use diesel::prelude::*;

use crate::config::Quotas;
use crate::db::DbConnection;
use crate::db::schema::{open_task_counts, tasks};
use crate::domain::enums::TaskStatus;
use crate::store::error::{StoreError, StoreResult};
use crate::store::registry;
use crate::store::task_status::status_is;

/// A user's open, live tasks, as the triggers of migration 000016 keep them: one row read,
/// however many tasks the user has.
fn open_tasks(conn: &mut DbConnection, user: &str) -> QueryResult<i64> {
    let query = open_task_counts::table
        .find(user)
        .select(open_task_counts::open_tasks);
    let stored: Option<i32> = crate::db::one_row(query, conn)?;
    Ok(stored.map_or(0, i64::from))
}

/// The stored count of `user`'s open tasks, and what counting the tasks finds: for the debug
/// builds' check after every write (`service::Service::scoped_write`).
pub fn open_tasks_recounted(conn: &mut DbConnection, user: &str) -> StoreResult<(i64, i64)> {
    let counted = tasks::table
        .filter(tasks::user_id.eq(user))
        .filter(status_is(TaskStatus::Open))
        .filter(tasks::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    Ok((open_tasks(conn, user)?, counted))
}

/// What an account holds a limited number of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quota {
    Applications,
    Interviews,
    People,
    References,
    OpenTasks,
    CustomRules,
    ApiTokens,
    Webhooks,
    Words,
}

impl Quota {
    /// How the limit names what it counts.
    pub fn what(self) -> &'static str {
        match self {
            Self::Applications => "applications",
            Self::Interviews => "interviews",
            Self::People => "people",
            Self::References => "references",
            Self::OpenTasks => "open tasks",
            Self::CustomRules => "custom rules",
            Self::ApiTokens => "API tokens",
            Self::Webhooks => "webhook endpoints",
            Self::Words => "words of your own",
        }
    }

    /// The table whose live rows count against it.
    fn table(self) -> &'static str {
        match self {
            Self::Applications => "applications",
            Self::Interviews => "interviews",
            Self::People => "people",
            Self::References => "job_references",
            Self::OpenTasks => "tasks",
            Self::CustomRules => "custom_rules",
            Self::ApiTokens => "api_tokens",
            Self::Webhooks => "webhooks",
            Self::Words => "user_words",
        }
    }

    fn count(self, conn: &mut DbConnection, user: &str) -> StoreResult<i64> {
        if self == Self::OpenTasks {
            return Ok(open_tasks(conn, user)?);
        }
        let table = registry::table(self.table()).ok_or_else(|| {
            StoreError::Corrupt(format!("no per-user table {} to count", self.table()))
        })?;
        Ok((table.count)(conn, user)?)
    }

    pub fn max(self, quotas: &Quotas) -> u32 {
        match self {
            Self::Applications => quotas.applications,
            Self::Interviews => quotas.interviews,
            Self::People => quotas.people,
            Self::References => quotas.references,
            Self::OpenTasks => quotas.open_tasks,
            Self::CustomRules => quotas.custom_rules,
            Self::ApiTokens => quotas.api_tokens,
            Self::Webhooks => quotas.webhooks,
            Self::Words => quotas.words,
        }
    }
}

impl Quotas {
    /// 409 naming the limit when `user` already has as many of `quota`'s kind as allowed.
    pub fn check(&self, conn: &mut DbConnection, user: &str, quota: Quota) -> StoreResult<()> {
        let max = quota.max(self);
        if quota.count(conn, user)? >= i64::from(max) {
            return Err(StoreError::QuotaExceeded {
                what: quota.what(),
                max,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_sqlite::migrated;

    /// Every way a task enters or leaves "open and live", in plain SQL: the triggers keep the
    /// count whatever code path wrote the rows.
    #[test]
    fn the_stored_count_follows_every_task_write() {
        let (_dir, mut conn) = migrated();
        let sql = |conn: &mut DbConnection, text: &str| {
            diesel::sql_query(text).execute(conn).expect(text);
        };
        for user in ["ann", "bob"] {
            sql(
                &mut conn,
                &format!(
                    "INSERT INTO users (id, email, password_hash) VALUES ('{user}', '{user}@x', 'h')"
                ),
            );
        }
        let add = |conn: &mut DbConnection, id: &str, user: &str, status: &str| {
            sql(
                conn,
                &format!(
                    "INSERT INTO tasks (id, user_id, kind, title, status, version, created_at, \
                     updated_at, user_fields) VALUES ('{id}', '{user}', 'custom', 't', \
                     '{status}', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0)"
                ),
            );
        };
        let agree = |conn: &mut DbConnection, user: &str, expected: i64| {
            let (stored, counted) = open_tasks_recounted(conn, user).expect("count");
            assert_eq!((stored, counted), (expected, expected), "{user}");
        };
        agree(&mut conn, "ann", 0);
        add(&mut conn, "t1", "ann", "open");
        add(&mut conn, "t2", "ann", "open");
        add(&mut conn, "t3", "ann", "done");
        add(&mut conn, "t4", "bob", "open");
        agree(&mut conn, "ann", 2);
        agree(&mut conn, "bob", 1);
        sql(
            &mut conn,
            "UPDATE tasks SET status = 'done' WHERE id = 't1'",
        );
        agree(&mut conn, "ann", 1);
        sql(
            &mut conn,
            "UPDATE tasks SET status = 'open' WHERE id = 't3'",
        );
        agree(&mut conn, "ann", 2);
        sql(
            &mut conn,
            "UPDATE tasks SET deleted_at = '2026-01-02 00:00:00' WHERE id = 't2'",
        );
        agree(&mut conn, "ann", 1);
        // Deleted and reopened is still not live; a title change moves nothing.
        sql(
            &mut conn,
            "UPDATE tasks SET status = 'open' WHERE id = 't2'",
        );
        sql(
            &mut conn,
            "UPDATE tasks SET title = 'u' WHERE user_id = 'ann'",
        );
        agree(&mut conn, "ann", 1);
        sql(
            &mut conn,
            "UPDATE tasks SET user_id = 'bob' WHERE id = 't3'",
        );
        agree(&mut conn, "ann", 0);
        agree(&mut conn, "bob", 2);
        sql(&mut conn, "DELETE FROM tasks WHERE id IN ('t2', 't4')");
        agree(&mut conn, "bob", 1);
        sql(&mut conn, "DELETE FROM users WHERE id = 'bob'");
        let rows: i64 = open_task_counts::table
            .count()
            .get_result(&mut conn)
            .expect("rows");
        assert_eq!(rows, 1, "bob's count went with bob");
    }
}
