//! Refresh tokens, stored as digests. Each login starts a family; every refresh marks its token
//! used and adds the next one to the family, so replaying a used token can revoke them all.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::refresh_tokens;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::store::error::StoreResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens, check_for_backend(crate::db::MultiBackend))]
pub struct RefreshToken {
    pub id: Id,
    pub user_id: Id,
    pub family_id: Id,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The family's absolute end; `None` only for tokens issued before it was recorded.
    pub family_expires_at: Option<DateTime<Utc>>,
}

impl RefreshToken {
    /// When the login this token descends from must be made again, however often it rotated.
    pub fn family_ends(&self) -> DateTime<Utc> {
        self.family_expires_at.unwrap_or(self.expires_at)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken<'a> {
    pub id: Id,
    pub user_id: &'a str,
    pub family_id: &'a str,
    pub token_hash: &'a str,
    pub created_at: Stamp,
    pub expires_at: Stamp,
    pub family_expires_at: Option<Stamp>,
}

pub fn insert(conn: &mut DbConnection, new: &NewRefreshToken<'_>) -> StoreResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values(new)
        .execute(conn)?;
    Ok(())
}

pub fn find_by_hash(conn: &mut DbConnection, hash: &str) -> StoreResult<Option<RefreshToken>> {
    let query = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshToken::as_select());
    Ok(crate::db::one_row(query, conn)?)
}

/// Marks a token used. `false` when it was already used or revoked: someone else got there first.
pub fn mark_used(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<bool> {
    let updated = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Stamp(now)))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Revokes every refresh token of `user`: each session must sign in again.
pub fn revoke_user(conn: &mut DbConnection, user: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Stamp(now)))
    .execute(conn)?;
    Ok(())
}

pub fn revoke_family(
    conn: &mut DbConnection,
    family_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Stamp(now)))
    .execute(conn)?;
    Ok(())
}
