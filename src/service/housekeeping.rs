//! The background job that deletes what is past its retention (`store::retention`), once at
//! start-up and then every `EVERY`. Several instances may run it at once: deletes are idempotent.

use std::time::Duration;

use crate::clock::Clock;
use crate::db::{self, Pool};
use crate::store;

const EVERY: Duration = Duration::from_secs(3600);

pub async fn run(pool: Pool, clock: Clock) {
    let mut interval = actix_web::rt::time::interval(EVERY);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let now = clock.now();
        match db::run_write(&pool, move |conn| store::retention::purge(conn, now)).await {
            Ok(purged) if purged != store::retention::Purged::default() => {
                tracing::info!(?purged, "housekeeping")
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "housekeeping failed"),
        }
    }
}
