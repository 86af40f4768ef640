//! Throttle buckets in the database (`throttle_buckets`), for servers that share PostgreSQL: a
//! GCRA bucket per (table, key) whose theoretical arrival time (`tat`) is in microseconds since
//! 1970. Taking from a bucket is one statement, so two servers counting at once cannot both
//! spend its last unit.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::DbConnection;
use crate::store::error::StoreResult;

#[derive(QueryableByName)]
struct Tat {
    #[diesel(sql_type = BigInt)]
    tat: i64,
}

/// Runs `sql` (written with PostgreSQL's `$1` parameters) on either backend: `$query` is the
/// statement with its binds, finished by `$run` (`execute`, `get_result`).
macro_rules! on_backend {
    ($conn:expr, $sql:expr, |$q:ident| $query:expr, $run:ident) => {
        match $conn {
            DbConnection::Pg(c) => {
                let $q = diesel::sql_query($sql);
                $query.$run(c)
            }
            DbConnection::Sqlite(c) => {
                let $q = diesel::sql_query($sql.replace('$', "?"));
                $query.$run(c)
            }
        }
    };
}

/// Counts one request at `now`: `Ok` with the new arrival time when the bucket allowed it, or
/// `Err` with the wait (microseconds) before it would.
pub fn take(
    conn: &mut DbConnection,
    bucket: &str,
    key: i64,
    now: i64,
    period: i64,
    window: i64,
) -> StoreResult<Result<i64, i64>> {
    let sql = "INSERT INTO throttle_buckets AS b (bucket, key, tat) VALUES ($1, $2, $3 + $4) \
         ON CONFLICT (bucket, key) DO UPDATE \
         SET tat = (CASE WHEN b.tat > $3 THEN b.tat ELSE $3 END) + $4 \
         WHERE (CASE WHEN b.tat > $3 THEN b.tat ELSE $3 END) + $4 - $3 <= $5 \
         RETURNING tat";
    let taken: Option<Tat> = on_backend!(
        conn,
        sql,
        |q| q
            .bind::<Text, _>(bucket)
            .bind::<BigInt, _>(key)
            .bind::<BigInt, _>(now)
            .bind::<BigInt, _>(period)
            .bind::<BigInt, _>(window),
        get_result
    )
    .optional()?;
    match taken {
        Some(row) => Ok(Ok(row.tat)),
        None => {
            let tat = arrival(conn, bucket, key)?.unwrap_or(now).max(now);
            Ok(Err((tat + period - now - window).max(1)))
        }
    }
}

/// The bucket's arrival time, if it has one.
pub fn arrival(conn: &mut DbConnection, bucket: &str, key: i64) -> StoreResult<Option<i64>> {
    let sql = "SELECT tat FROM throttle_buckets WHERE bucket = $1 AND key = $2";
    let row: Option<Tat> = on_backend!(
        conn,
        sql,
        |q| q.bind::<Text, _>(bucket).bind::<BigInt, _>(key),
        get_result
    )
    .optional()?;
    Ok(row.map(|r| r.tat))
}

/// Forgets the bucket: it is full again.
pub fn forget(conn: &mut DbConnection, bucket: &str, key: i64) -> StoreResult<()> {
    let sql = "DELETE FROM throttle_buckets WHERE bucket = $1 AND key = $2";
    on_backend!(
        conn,
        sql,
        |q| q.bind::<Text, _>(bucket).bind::<BigInt, _>(key),
        execute
    )?;
    Ok(())
}

/// Deletes the buckets that have refilled by `now`: they behave as absent ones do.
pub fn prune(conn: &mut DbConnection, now: i64) -> StoreResult<usize> {
    let sql = "DELETE FROM throttle_buckets WHERE tat <= $1";
    Ok(on_backend!(
        conn,
        sql,
        |q| q.bind::<BigInt, _>(now),
        execute
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_per_period_in_one_statement_each() {
        let (_dir, mut conn) = crate::store::test_sqlite::migrated();
        let (period, window) = (10, 30);
        for i in 0..3 {
            assert!(
                take(&mut conn, "t", 7, 100, period, window)
                    .unwrap()
                    .is_ok(),
                "{i}"
            );
        }
        assert_eq!(
            take(&mut conn, "t", 7, 100, period, window).unwrap(),
            Err(10)
        );
        assert_eq!(
            take(&mut conn, "t", 8, 100, period, window).unwrap(),
            Ok(110)
        );
        assert!(
            take(&mut conn, "t", 7, 110, period, window)
                .unwrap()
                .is_ok()
        );
        assert_eq!(arrival(&mut conn, "t", 7).unwrap(), Some(140));
        forget(&mut conn, "t", 7).unwrap();
        assert_eq!(arrival(&mut conn, "t", 7).unwrap(), None);
        assert_eq!(prune(&mut conn, 110).unwrap(), 1);
    }
}
