//! `Idempotency-Key`: the first reply to a POST, kept per user for 24 hours, answered again to
//! a retry of the same request (`http::idempotency` decides which routes and replies).

use crate::domain::Id;
use crate::service::{Result, Service};
use crate::store::idempotency::{self as store, Claim, StoredReply};

/// What `key` means for a request whose method, path, query and body hash to `hash`.
pub async fn claim(service: &Service, user: Id, key: String, hash: String) -> Result<Claim> {
    let now = service.clock().now();
    let expired_before = now - crate::store::retention::IDEMPOTENCY_KEYS;
    service
        .write_session_as(user, move |conn| {
            Ok(store::claim(conn, &user, &key, &hash, now, expired_before)?)
        })
        .await
}

/// Keeps the reply the request that claimed `key` got.
pub async fn finish(service: &Service, user: Id, key: String, reply: StoredReply) -> Result<()> {
    service
        .write_session(move |conn| Ok(store::finish(conn, &user, &key, &reply)?))
        .await
}

/// Forgets `key`, so that a request that failed on our side can be retried with it.
pub async fn release(service: &Service, user: Id, key: String) -> Result<()> {
    service
        .write_session(move |conn| Ok(store::release(conn, &user, &key)?))
        .await
}
