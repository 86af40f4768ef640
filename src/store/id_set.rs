//! `column IN (a set of ids)` as one bound text, so that the statement stays prepared.
//!
//! diesel's `eq_any` binds each id on SQLite (`IN (?, ?, ...)`) and so never caches the
//! statement: a scoped re-plan prepared four statements per write, 31% of its time under
//! `perf`. Here the set is one text parameter and the SQL is the same whatever the set's size:
//! a JSON array unpacked by `json_each` on SQLite, and an array literal on PostgreSQL
//! (`= ANY(CAST(? AS text[]))`, as `eq_any` writes it there). PostgreSQL plans an `ANY` over an
//! index (0.03 ms for a scoped task read); unpacking JSON there made it guess 100 rows and hash
//! the whole tasks table against them (1.5 ms).

use diesel::backend::Backend as DieselBackend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::serialize::ToSql;
use diesel::sql_types::{Bool, HasSqlType, Text};

use crate::db::{Backend, DbConnection};

#[derive(Debug, Clone)]
pub struct InIds<C> {
    column: C,
    ids: String,
    backend: Backend,
}

/// `column IN ids`, for the backend `conn` speaks.
pub fn in_ids<'a, C>(
    conn: &DbConnection,
    column: C,
    ids: impl IntoIterator<Item = &'a str>,
) -> InIds<C> {
    let ids: Vec<&str> = ids.into_iter().collect();
    match conn {
        DbConnection::Sqlite(_) => InIds {
            column,
            // A list of strings always serialises.
            ids: serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()),
            backend: Backend::Sqlite,
        },
        DbConnection::Pg(_) => InIds {
            column,
            ids: pg_array(&ids),
            backend: Backend::Postgres,
        },
    }
}

/// A PostgreSQL array literal of `ids`, each quoted so that no character of an id is syntax.
fn pg_array(ids: &[&str]) -> String {
    let mut out = String::from("{");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        for c in id.chars() {
            if matches!(c, '"' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out.push('}');
    out
}

impl<C: Expression> Expression for InIds<C> {
    type SqlType = Bool;
}

impl<C, DB> QueryFragment<DB> for InIds<C>
where
    DB: DieselBackend + HasSqlType<Text>,
    C: QueryFragment<DB>,
    String: ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        match self.backend {
            Backend::Sqlite => {
                out.push_sql(" IN (SELECT value FROM json_each(");
                out.push_bind_param::<Text, _>(&self.ids)?;
                out.push_sql("))");
            }
            Backend::Postgres => {
                out.push_sql(" = ANY(CAST(");
                out.push_bind_param::<Text, _>(&self.ids)?;
                out.push_sql(" AS text[]))");
            }
        }
        Ok(())
    }
}

impl<C> QueryId for InIds<C> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C, QS> AppearsOnTable<QS> for InIds<C> where C: AppearsOnTable<QS> {}

impl<C, QS> SelectableExpression<QS> for InIds<C> where C: SelectableExpression<QS> {}

impl<C, GB> ValidGrouping<GB> for InIds<C>
where
    C: ValidGrouping<GB>,
{
    type IsAggregate = C::IsAggregate;
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::sqlite::Sqlite;

    use super::*;
    use crate::db::schema::tasks;
    use crate::store::test_sqlite::{migrated, plan, sql_of};

    #[test]
    fn one_statement_serves_every_set_and_finds_its_rows_by_index() {
        let (_dir, mut conn) = migrated();
        let query = |ids: &[&str], conn: &DbConnection| {
            tasks::table
                .filter(tasks::user_id.eq("someone"))
                .filter(in_ids(conn, tasks::interview_id, ids.iter().copied()))
                .select(tasks::id)
        };
        let one = query(&["a"], &conn);
        let three = query(&["a", "b", "c"], &conn);
        assert_eq!(
            sql_of(&one),
            sql_of(&three),
            "the SQL depends on the set's size"
        );
        assert!(QueryFragment::<Sqlite>::is_safe_to_cache_prepared(&three, &Sqlite).expect("walk"));

        let text =
            sql_of(&three)
                .replacen('?', "'someone'", 1)
                .replacen('?', "'[\"a\",\"b\",\"c\"]'", 1);
        let plan = plan(&mut conn, &text);
        // Not only no scan of the table: the user's index alone would read every task of theirs.
        assert!(
            plan.contains("(user_id=? AND interview_id=?)"),
            "the set's tasks are found by index: {plan}"
        );
    }

    #[test]
    fn the_set_holds_exactly_its_ids() {
        let (_dir, mut conn) = migrated();
        let found = |ids: &[&str], conn: &mut DbConnection| -> Vec<String> {
            let filter = in_ids(conn, diesel::dsl::sql::<Text>("v"), ids.iter().copied());
            let json = serde_json::to_string(ids)
                .expect("json")
                .replace('\'', "''");
            let sql = sql_of(&filter).replacen('?', &format!("'{json}'"), 1);
            #[derive(QueryableByName)]
            struct V {
                #[diesel(sql_type = Text)]
                v: String,
            }
            diesel::sql_query(format!(
                "SELECT v FROM (SELECT 'a' AS v UNION ALL SELECT 'b' UNION ALL SELECT 'it''s' \
                 UNION ALL SELECT 'c\"d') WHERE {sql} ORDER BY v"
            ))
            .load::<V>(conn)
            .expect("query")
            .into_iter()
            .map(|r| r.v)
            .collect()
        };
        assert_eq!(
            found(&["a", "it's", "c\"d", "zz"], &mut conn),
            ["a", "c\"d", "it's"]
        );
        assert!(found(&[], &mut conn).is_empty());
    }

    #[test]
    fn postgres_reads_each_id_whole() {
        assert_eq!(pg_array(&[]), "{}");
        assert_eq!(
            pg_array(&["a", "it's", "c\"d", "b\\s", "x,y", "{z}", "NULL"]),
            r#"{"a","it's","c\"d","b\\s","x,y","{z}","NULL"}"#
        );
    }
}
