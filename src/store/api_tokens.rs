//! API tokens: a name, scopes, and the digest of the secret the client was shown once.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::api_tokens;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::scope::Scopes;
use crate::store::error::StoreResult;

/// How stale `last_used_at` may be: a token used in every request would otherwise cost a write
/// each time.
pub const LAST_USE_PRECISION: chrono::Duration = chrono::Duration::minutes(1);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens, check_for_backend(crate::db::MultiBackend))]
pub struct ApiToken {
    pub id: Id,
    pub user_id: Id,
    pub name: String,
    pub scopes: Scopes,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }

    /// Whether a use at `now` should be written down.
    pub fn use_is_news(&self, now: DateTime<Utc>) -> bool {
        self.last_used_at
            .is_none_or(|at| now - at >= LAST_USE_PRECISION)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiToken {
    pub id: Id,
    pub user_id: Id,
    pub name: String,
    pub scopes: Scopes,
    pub token_hash: String,
    pub created_at: Stamp,
    pub expires_at: Option<Stamp>,
}

pub fn insert(conn: &mut DbConnection, new: &NewApiToken) -> StoreResult<ApiToken> {
    Ok(diesel::insert_into(api_tokens::table)
        .values(new)
        .returning((
            api_tokens::id,
            api_tokens::user_id,
            api_tokens::name,
            api_tokens::scopes,
            api_tokens::created_at,
            api_tokens::last_used_at,
            api_tokens::expires_at,
        ))
        .get_result(conn)?)
}

/// The token whose secret has this digest, whoever owns it.
pub fn find_by_hash(conn: &mut DbConnection, hash: &str) -> StoreResult<Option<ApiToken>> {
    let query = api_tokens::table
        .filter(api_tokens::token_hash.eq(hash))
        .select(ApiToken::as_select());
    Ok(crate::db::one_row(query, conn)?)
}

/// `user`'s tokens, oldest first.
pub fn of_user(conn: &mut DbConnection, user: &str) -> StoreResult<Vec<ApiToken>> {
    Ok(api_tokens::table
        .filter(api_tokens::user_id.eq(user))
        .order(api_tokens::id)
        .select(ApiToken::as_select())
        .load(conn)?)
}

/// Revokes at once: the row goes, so the secret is unknown from the next request on.
pub fn delete(conn: &mut DbConnection, user: &str, id: &str) -> StoreResult<bool> {
    let deleted = diesel::delete(
        api_tokens::table
            .filter(api_tokens::user_id.eq(user))
            .filter(api_tokens::id.eq(id)),
    )
    .execute(conn)?;
    Ok(deleted == 1)
}

pub fn mark_used(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(api_tokens::table.find(id))
        .set(api_tokens::last_used_at.eq(Stamp(now)))
        .execute(conn)?;
    Ok(())
}

/// Revokes every API token of `user`; how many there were.
pub fn delete_all(conn: &mut DbConnection, user: &str) -> StoreResult<usize> {
    Ok(diesel::delete(api_tokens::table.filter(api_tokens::user_id.eq(user))).execute(conn)?)
}
