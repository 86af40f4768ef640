//! The user's own dictionary: words the proofreader takes as spelled right for them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::user_words;
use crate::db::{DbConnection, Stamp};
use crate::store::error::StoreResult;

/// A word of the user's, and when they added it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = user_words, check_for_backend(crate::db::MultiBackend))]
pub struct UserWord {
    pub word: String,
    pub created_at: DateTime<Utc>,
}

/// Every word of `user`'s, in alphabetical order.
pub fn of_user(conn: &mut DbConnection, user: &str) -> StoreResult<Vec<UserWord>> {
    Ok(user_words::table
        .filter(user_words::user_id.eq(user))
        .order(user_words::word)
        .select(UserWord::as_select())
        .load(conn)?)
}

/// Adds `word`; the word as stored, and whether it is new.
pub fn add(
    conn: &mut DbConnection,
    user: &str,
    word: &str,
    now: DateTime<Utc>,
) -> StoreResult<(UserWord, bool)> {
    let added = crate::db::insert_unless_exists(conn, |conn| {
        diesel::insert_into(user_words::table)
            .values((
                user_words::user_id.eq(user),
                user_words::word.eq(word),
                user_words::created_at.eq(Stamp(now)),
            ))
            .execute(conn)
    })?;
    let query = user_words::table
        .filter(user_words::user_id.eq(user))
        .filter(user_words::word.eq(word))
        .select(UserWord::as_select());
    let stored = crate::db::one_row(query, conn)?.ok_or(diesel::result::Error::NotFound)?;
    Ok((stored, added))
}

/// Removes `word`; `false` when the user had no such word.
pub fn remove(conn: &mut DbConnection, user: &str, word: &str) -> StoreResult<bool> {
    let removed = diesel::delete(
        user_words::table
            .filter(user_words::user_id.eq(user))
            .filter(user_words::word.eq(word)),
    )
    .execute(conn)?;
    Ok(removed > 0)
}
