//! Stored first replies to POSTs sent with an `Idempotency-Key`, per user, kept 24 hours.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::is_unique_violation;
use crate::db::schema::idempotency_keys;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::store::error::{StoreError, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys, check_for_backend(crate::db::MultiBackend))]
pub struct StoredKey {
    pub user_id: Id,
    pub key: String,
    pub request_hash: String,
    pub status: Option<i32>,
    pub response_body: Option<String>,
    pub response_headers: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A first reply as it is kept, to be answered again: its status, the headers worth replaying,
/// and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl StoredReply {
    /// The reply from its columns; one that does not read back is corrupt, never a default.
    fn read(status: i32, body: String, headers: &str) -> StoreResult<Self> {
        let status = u16::try_from(status)
            .ok()
            .filter(|s| (100..600).contains(s))
            .ok_or_else(|| StoreError::Corrupt(format!("a stored reply has status {status}")))?;
        let headers = serde_json::from_str(headers).map_err(|err| {
            StoreError::Corrupt(format!("a stored reply's headers do not read: {err}"))
        })?;
        Ok(Self {
            status,
            headers,
            body,
        })
    }
}

/// What a key means for the request that carries it.
#[derive(Debug)]
pub enum Claim {
    /// First use: the request runs, and its reply is stored with `finish`.
    Fresh,
    /// Same key, same request, finished: answer with the stored reply.
    Replay(StoredReply),
    /// Same key, another request.
    Mismatch,
    /// Same key, the first request has not finished yet.
    InFlight,
}

fn load(conn: &mut DbConnection, user: &str, key: &str) -> StoreResult<Option<StoredKey>> {
    let query = idempotency_keys::table
        .filter(idempotency_keys::user_id.eq(user))
        .filter(idempotency_keys::key.eq(key))
        .select(StoredKey::as_select());
    Ok(crate::db::one_row(query, conn)?)
}

fn judge(stored: StoredKey, hash: &str) -> StoreResult<Claim> {
    if stored.request_hash != hash {
        return Ok(Claim::Mismatch);
    }
    Ok(
        match (stored.status, stored.response_body, stored.response_headers) {
            (Some(status), Some(body), Some(headers)) => {
                Claim::Replay(StoredReply::read(status, body, &headers)?)
            }
            _ => Claim::InFlight,
        },
    )
}

/// Claims `key` for a request with `hash`. Keys created before `expired_before` are forgotten.
/// The primary key makes two concurrent first uses safe: one inserts, the other sees it.
pub fn claim(
    conn: &mut DbConnection,
    user: &str,
    key: &str,
    hash: &str,
    now: DateTime<Utc>,
    expired_before: DateTime<Utc>,
) -> StoreResult<Claim> {
    if let Some(stored) = load(conn, user, key)? {
        if stored.created_at >= expired_before {
            return judge(stored, hash);
        }
        release(conn, user, key)?;
    }
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user),
            idempotency_keys::key.eq(key),
            idempotency_keys::request_hash.eq(hash),
            idempotency_keys::created_at.eq(Stamp(now)),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(Claim::Fresh),
        Err(err) if is_unique_violation(&err) => match load(conn, user, key)? {
            Some(stored) => judge(stored, hash),
            None => Ok(Claim::InFlight),
        },
        // The key names its user: a user that is gone is an account closed while one of its
        // access tokens still runs, which writes nothing.
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
            _,
        )) => Err(StoreError::AccountGone),
        Err(err) => Err(err.into()),
    }
}

pub fn finish(
    conn: &mut DbConnection,
    user: &str,
    key: &str,
    reply: &StoredReply,
) -> StoreResult<()> {
    let headers = serde_json::to_string(&reply.headers)
        .map_err(|err| StoreError::Corrupt(format!("headers do not serialise: {err}")))?;
    diesel::update(
        idempotency_keys::table
            .filter(idempotency_keys::user_id.eq(user))
            .filter(idempotency_keys::key.eq(key)),
    )
    .set((
        idempotency_keys::status.eq(Some(i32::from(reply.status))),
        idempotency_keys::response_body.eq(Some(&reply.body)),
        idempotency_keys::response_headers.eq(Some(headers)),
    ))
    .execute(conn)?;
    Ok(())
}

/// Forgets a key, so that a request that failed on our side can be retried with it.
pub fn release(conn: &mut DbConnection, user: &str, key: &str) -> StoreResult<()> {
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::user_id.eq(user))
            .filter(idempotency_keys::key.eq(key)),
    )
    .execute(conn)?;
    Ok(())
}

/// Drops keys past their lifetime; run from the periodic ticker.
pub fn purge(conn: &mut DbConnection, expired_before: DateTime<Utc>) -> StoreResult<usize> {
    Ok(diesel::delete(
        idempotency_keys::table.filter(idempotency_keys::created_at.lt(Stamp(expired_before))),
    )
    .execute(conn)?)
}
