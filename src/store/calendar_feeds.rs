//! Calendar feed tokens: one per user, as a digest. Rotating replaces it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::calendar_feeds;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::store::error::StoreResult;

/// Makes `hash` the user's only feed token.
pub fn replace(
    conn: &mut DbConnection,
    user: &str,
    hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::delete(calendar_feeds::table.find(user)).execute(conn)?;
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::user_id.eq(user),
            calendar_feeds::token_hash.eq(hash),
            calendar_feeds::created_at.eq(Stamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The user whose feed token has this digest.
pub fn owner(conn: &mut DbConnection, hash: &str) -> StoreResult<Option<Id>> {
    let query = calendar_feeds::table
        .filter(calendar_feeds::token_hash.eq(hash))
        .select(calendar_feeds::user_id);
    Ok(crate::db::one_row(query, conn)?)
}

/// Stops the feed: `false` when there was none.
pub fn remove(conn: &mut DbConnection, user: &str) -> StoreResult<bool> {
    Ok(diesel::delete(calendar_feeds::table.find(user)).execute(conn)? == 1)
}
