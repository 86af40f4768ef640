//! What is kept only for a while, and its deletion. Retention, as the README documents it:
//! - idempotency keys: 24 hours after the first request;
//! - refresh tokens: until they expire (a used or revoked one is refused as an expired one is);
//! - tombstones of deleted interviews, people, references and tasks: 90 days, the longest a
//!   syncing client may stay away and still learn of every deletion with `updated_since`.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::db::schema::{interviews, job_references, people, refresh_tokens, tasks};
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
        let gone = now - TOMBSTONES;
        // Tasks first: they point at the others.
        let tombstones = diesel::delete(tasks::table.filter(tasks::deleted_at.lt(Stamp(gone))))
            .execute(conn)?
            + diesel::delete(interviews::table.filter(interviews::deleted_at.lt(Stamp(gone))))
                .execute(conn)?
            + diesel::delete(people::table.filter(people::deleted_at.lt(Stamp(gone))))
                .execute(conn)?
            + diesel::delete(
                job_references::table.filter(job_references::deleted_at.lt(Stamp(gone))),
            )
            .execute(conn)?;
        let webhook_history = super::webhooks::prune(conn, now - WEBHOOK_HISTORY)?;
        Ok(Purged {
            idempotency_keys,
            refresh_tokens,
            tombstones,
            webhook_history,
        })
    })
}
