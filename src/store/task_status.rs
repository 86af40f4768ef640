//! `tasks.status = '<status>'` with the status written into the SQL, not bound.
//!
//! SQLite plans a statement against the bound values that meet a partial index's predicate:
//! with `tasks_open_idx` (`WHERE status = 'open' AND ...`, migration 000014), every statement
//! comparing `tasks.status` with a parameter was prepared again on each run, as binding expires
//! it. Under `perf` that was 8% of a scoped re-plan. That index is gone (000016), but a status
//! is one of a closed set of fixed words, so writing it out is safe: each status keeps its own
//! prepared statement, and a partial index added later cannot bring the re-prepares back.

use diesel::backend::Backend;
use diesel::expression::{
    AppearsOnTable, Expression, SelectableExpression, ValidGrouping, is_aggregate,
};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::sql_types::Bool;

use crate::db::schema::tasks;
use crate::domain::enums::TaskStatus;

#[derive(Debug, Clone, Copy)]
pub struct StatusIs(TaskStatus);

/// Tasks whose status is `status`.
pub fn status_is(status: TaskStatus) -> StatusIs {
    StatusIs(status)
}

impl Expression for StatusIs {
    type SqlType = Bool;
}

impl<DB: Backend> QueryFragment<DB> for StatusIs
where
    tasks::status: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        tasks::status.walk_ast(out.reborrow())?;
        // The words are ours and hold no quote (see the test).
        out.push_sql(" = '");
        out.push_sql(self.0.as_str());
        out.push_sql("'");
        Ok(())
    }
}

/// Each status is its own SQL: statements are cached under their text.
impl QueryId for StatusIs {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl AppearsOnTable<tasks::table> for StatusIs {}

impl SelectableExpression<tasks::table> for StatusIs {}

impl<GB> ValidGrouping<GB> for StatusIs {
    type IsAggregate = is_aggregate::Never;
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::query_builder::debug_query;
    use diesel::sqlite::Sqlite;

    use super::*;

    #[test]
    fn a_status_is_written_out_and_stays_prepared() {
        for &status in TaskStatus::ALL {
            assert!(
                status
                    .as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'),
                "{status:?}"
            );
            let query = tasks::table
                .filter(tasks::user_id.eq("someone"))
                .filter(status_is(status))
                .select(tasks::id);
            let sql = debug_query::<Sqlite, _>(&query).to_string();
            assert!(
                sql.contains(&format!("`tasks`.`status` = '{}'", status.as_str())),
                "{sql}"
            );
            assert!(sql.ends_with("-- binds: [\"someone\"]"), "{sql}");
            assert!(
                QueryFragment::<Sqlite>::is_safe_to_cache_prepared(&query, &Sqlite).expect("walk")
            );
        }
    }
}
