//! Per-account quotas (`config::Quotas`): counted inside the write transaction that would add
//! one more, so concurrent creates cannot together pass a limit.

use diesel::backend::Backend;
use diesel::dsl::{Eq, Filter};
use diesel::expression::{AppearsOnTable, Expression, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Bool;

use crate::db::DbConnection;
use crate::db::schema::{
    api_tokens, custom_rules, interviews, job_references, people, tasks, webhooks,
};
use crate::store::error::{StoreError, StoreResult};

/// The predicate of the partial index `tasks_open_idx` (migration 000014), word for word: a
/// planner uses a partial index only for a query whose terms imply its predicate. With a bound
/// status SQLite would prepare the statement again at every run to check the value (as for a
/// bound LIMIT, see `store::window`), and PostgreSQL's generic plans could not use the index.
const OPEN_TASKS: &str = "status = 'open' AND deleted_at IS NULL";

/// `OPEN_TASKS` as an expression. Not `diesel::dsl::sql`: a statement holding a literal of
/// that kind is never kept prepared, and this one runs in every write that adds a task.
#[derive(Debug, Clone, Copy, QueryId, ValidGrouping)]
struct OpenAndLive;

impl Expression for OpenAndLive {
    type SqlType = Bool;
}

impl<DB: Backend> QueryFragment<DB> for OpenAndLive {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(OPEN_TASKS);
        Ok(())
    }
}

impl AppearsOnTable<tasks::table> for OpenAndLive {}

type OpenTasks<'a> = Filter<Filter<tasks::table, Eq<tasks::user_id, &'a str>>, OpenAndLive>;

/// A user's open, live tasks, in the words of the index that holds them.
fn open_tasks(user: &str) -> OpenTasks<'_> {
    tasks::table
        .filter(tasks::user_id.eq(user))
        .filter(OpenAndLive)
}

#[derive(Debug, Clone, Copy)]
pub enum Quota {
    Interviews,
    People,
    References,
    OpenTasks,
    CustomRules,
    ApiTokens,
    Webhooks,
}

impl Quota {
    fn what(self) -> &'static str {
        match self {
            Self::Interviews => "interviews",
            Self::People => "people",
            Self::References => "references",
            Self::OpenTasks => "open tasks",
            Self::CustomRules => "custom rules",
            Self::ApiTokens => "API tokens",
            Self::Webhooks => "webhook endpoints",
        }
    }

    fn count(self, conn: &mut DbConnection, user: &str) -> QueryResult<i64> {
        match self {
            Self::Interviews => interviews::table
                .filter(interviews::user_id.eq(user))
                .filter(interviews::deleted_at.is_null())
                .count()
                .get_result(conn),
            Self::People => people::table
                .filter(people::user_id.eq(user))
                .filter(people::deleted_at.is_null())
                .count()
                .get_result(conn),
            Self::References => job_references::table
                .filter(job_references::user_id.eq(user))
                .filter(job_references::deleted_at.is_null())
                .count()
                .get_result(conn),
            Self::CustomRules => custom_rules::table
                .filter(custom_rules::user_id.eq(user))
                .filter(custom_rules::deleted_at.is_null())
                .count()
                .get_result(conn),
            Self::ApiTokens => api_tokens::table
                .filter(api_tokens::user_id.eq(user))
                .count()
                .get_result(conn),
            Self::Webhooks => webhooks::table
                .filter(webhooks::user_id.eq(user))
                .count()
                .get_result(conn),
            Self::OpenTasks => open_tasks(user).count().get_result(conn),
        }
    }
}

/// 409 naming the limit when `user` already has `max` of `quota`'s kind.
pub fn check(conn: &mut DbConnection, user: &str, quota: Quota, max: u32) -> StoreResult<()> {
    if quota.count(conn, user)? >= i64::from(max) {
        return Err(StoreError::QuotaExceeded {
            what: quota.what(),
            max,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use diesel::query_builder::{QueryFragment, debug_query};
    use diesel::sqlite::Sqlite;

    use super::*;
    use crate::domain::enums::TaskStatus;
    use crate::store::test_sqlite::{migrated, plan as steps, sql_of};

    fn query_id_of<Q: QueryId>(_: &Q) -> Option<std::any::TypeId> {
        Q::query_id()
    }

    /// The plan SQLite makes for the open-task count, as `EXPLAIN QUERY PLAN` words it.
    fn plan(conn: &mut DbConnection, query: &impl QueryFragment<Sqlite>) -> String {
        let text = debug_query::<Sqlite, _>(query).to_string();
        // debug_query prints the binds after the SQL: put the one user id in place of its `?`.
        let (_, binds) = text.split_once(" -- binds: ").expect("binds");
        let user = binds.trim_matches(|c| matches!(c, '[' | ']' | '"'));
        steps(conn, &sql_of(query).replacen('?', &format!("'{user}'"), 1))
    }

    #[test]
    fn open_tasks_are_counted_from_their_partial_index_alone() {
        assert_eq!(
            OPEN_TASKS,
            format!(
                "status = '{}' AND deleted_at IS NULL",
                TaskStatus::Open.as_str()
            )
        );
        let (_dir, mut conn) = migrated();
        let count = open_tasks("someone").count();
        // Kept prepared between writes, under a key of its type rather than of its text.
        assert!(QueryFragment::<Sqlite>::is_safe_to_cache_prepared(&count, &Sqlite).expect("walk"));
        assert!(query_id_of(&count).is_some());
        let plan = plan(&mut conn, &count);
        assert!(
            plan.contains("COVERING INDEX tasks_open_idx"),
            "the count reads rows: {plan}"
        );
    }
}
