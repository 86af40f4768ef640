//! What is kept only for a while, and its deletion. Retention, as the README documents it:
//! - idempotency keys: 24 hours after the first request;
//! - refresh tokens: until they expire (a used or revoked one is refused as an expired one is);
//! - tombstones of deleted rows (interviews, people, references, tasks, attendances, custom
//!   rules: every table `registry` marks so): 90 days, the longest a syncing client may stay
//!   away and still learn of every deletion with `updated_since`.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::db::schema::refresh_tokens;
use crate::db::{DbConnection, Stamp};
use crate::store::error::StoreResult;

pub const IDEMPOTENCY_KEYS: Duration = Duration::hours(24);
pub const TOMBSTONES: Duration = Duration::days(90);

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Purged {
    pub idempotency_keys: usize,
    pub refresh_tokens: usize,
    pub tombstones: usize,
    /// Webhook attempts, and events sent to every endpoint, past `WEBHOOK_HISTORY`.
    pub webhook_history: usize,
}

/// How long webhook attempts are listed, and sent events kept.
pub const WEBHOOK_HISTORY: chrono::Duration = chrono::Duration::days(7);

/// Deletes everything past its retention at `now`, in one transaction.
pub fn purge(conn: &mut DbConnection, now: DateTime<Utc>) -> StoreResult<Purged> {
    crate::db::transaction(conn, |conn| {
        let idempotency_keys = super::idempotency::purge(conn, now - IDEMPOTENCY_KEYS)?;
        let refresh_tokens =
            diesel::delete(refresh_tokens::table.filter(refresh_tokens::expires_at.le(Stamp(now))))
                .execute(conn)?;
        let tombstones = super::registry::purge_tombstones(conn, now - TOMBSTONES)?;
        let webhook_history = super::webhooks::prune(conn, now - WEBHOOK_HISTORY)?;
        super::throttle::prune(conn, now.timestamp_micros())?;
        Ok(Purged {
            idempotency_keys,
            refresh_tokens,
            tombstones,
            webhook_history,
        })
    })
}
