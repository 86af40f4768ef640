//! The ticker: re-plans users whose plan can change with time alone (an interview ends, a date
//! passes), and nobody else. Each user carries `next_check_at`; a tick claims the due ones with
//! a lease (safe with several servers against one database) and reconciles each.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use super::reconcile::{Report, reconcile};
use crate::clock::Clock;
use crate::db::{self, Pool};
use crate::service::Result;
use crate::store;

/// Users claimed at once; a tick keeps claiming until none is due.
const BATCH: i64 = 100;
/// How long a claim keeps other servers away; a server that dies mid-tick is covered by it.
const LEASE: Duration = Duration::minutes(5);

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TickReport {
    pub users: usize,
    pub created: usize,
    pub converged: usize,
    pub cancelled: usize,
}

/// One pass at `now`: every due user is reconciled once.
pub async fn tick(pool: &Pool, now: DateTime<Utc>) -> Result<TickReport> {
    let mut report = TickReport::default();
    loop {
        let claimed = db::run_write(pool, move |conn| {
            store::users::claim_due(conn, now, now + LEASE, BATCH)
        })
        .await?;
        let count = claimed.len();
        for user in claimed {
            let outcome = db::write(pool, user.clone(), {
                let user = user.clone();
                move |conn| reconcile(conn, &user, now)
            })
            .await;
            match outcome {
                Ok(Report {
                    created,
                    converged,
                    cancelled,
                    ..
                }) => {
                    report.users += 1;
                    report.created += created;
                    report.converged += converged;
                    report.cancelled += cancelled;
                }
                // The lease brings this user back in a few minutes.
                Err(err) => tracing::warn!(%user, error = %err, "reconcile failed in the ticker"),
            }
        }
        if i64::try_from(count).unwrap_or(0) < BATCH {
            return Ok(report);
        }
    }
}

/// Runs `tick` every `every` until the process stops.
pub async fn run(pool: Pool, clock: Clock, every: StdDuration) {
    let mut interval = actix_web::rt::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match tick(&pool, clock.now()).await {
            Ok(report) if report.users > 0 => tracing::info!(?report, "rule ticker"),
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "rule ticker failed"),
        }
    }
}
