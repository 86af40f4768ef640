//! Webhooks from an outbox. Triggers record each event in the transaction of the change it
//! reports (`migrations/*/000013_webhooks`); before that transaction commits, the service gives
//! the event its payload (the resource as the API shows it) and queues a delivery per endpoint
//! that asked for it, so nothing is lost if the server stops. The delivery pass then claims due
//! deliveries under a lease, sends them off the request path, retries with exponential backoff
//! and jitter for a day, and switches off an endpoint that keeps failing, saying why.

pub mod address;
pub mod endpoints;
pub mod send;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::db::DbConnection;
use crate::domain::Id;
use crate::domain::enums::EventType;
use crate::service::Result;
use crate::service::Service;
use crate::store::webhooks::{self as store, Attempt, Claimed, Event};
use crate::views::events::{envelope, render};

pub use send::Sender;

/// Endpoints served by one claim.
const BATCH: usize = 50;
/// Deliveries under way at once, over every endpoint. An endpoint has one at a time, and a user
/// at most 10 endpoints, so one user's slow endpoints hold at most 10 of these.
const IN_FLIGHT: usize = 100;
/// How long a claim keeps other servers off: longer than a send can take.
const LEASE: Duration = Duration::seconds(60);
/// Retries go on this long after the event; then the endpoint is switched off.
pub const RETRY_FOR: Duration = Duration::hours(24);
/// The first retry's wait, doubled for each one after...
const FIRST_WAIT: Duration = Duration::seconds(5);
/// ...up to this.
const LONGEST_WAIT: Duration = Duration::hours(1);
/// A pass runs at least this often, and at once when a write queued a delivery.
const IDLE: std::time::Duration = std::time::Duration::from_secs(1);

/// What the service keeps for webhooks: how to wake the sender.
#[derive(Default)]
pub struct Outbox {
    wake: tokio::sync::Notify,
}

impl Outbox {
    /// Tells the delivery pass that something is queued.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Gives `user`'s recorded events their payloads (the resource as the API shows it) and queues
/// their deliveries; how many. Runs inside the writing transaction.
pub fn seal(conn: &mut DbConnection, user: Option<&str>, now: DateTime<Utc>) -> Result<usize> {
    let events = store::unsealed(conn, user)?;
    let mut hooks: Option<(Id, Vec<store::Webhook>)> = None;
    for event in &events {
        if hooks
            .as_ref()
            .is_none_or(|(owner, _)| *owner != event.user_id)
        {
            hooks = Some((event.user_id, store::of_user(conn, &event.user_id)?));
        }
        let targets: Vec<Id> = hooks
            .iter()
            .flat_map(|(_, hooks)| hooks)
            .filter(|h| h.enabled && h.wants(event.event_type))
            .map(|h| h.id)
            .collect();
        let payload = envelope(event, render(conn, event)?)?;
        store::seal(conn, &event.id, &payload, &targets, now)?;
    }
    Ok(events.len())
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PassReport {
    pub sealed: usize,
    pub announced: usize,
    pub delivered: usize,
    pub failed: usize,
    pub disabled: usize,
}

/// One delivery pass at the service's `now`: seal what the writes left, announce tasks that fell
/// due, then send every due delivery, each endpoint's one after another, until none is due.
/// For tests and tools: the server's loop (`run`) does not wait for a batch to finish.
pub async fn pass(service: &Service, sender: &Sender) -> Result<PassReport> {
    let (sealed, announced) = prepare(service).await?;
    let mut report = PassReport {
        sealed,
        announced,
        ..PassReport::default()
    };
    loop {
        let claimed = claim(service, BATCH).await?;
        if claimed.is_empty() {
            return Ok(report);
        }
        let sends = claimed.into_iter().map(|c| deliver(service, sender, c));
        for tally in futures_util::future::join_all(sends).await {
            report.delivered += tally.delivered;
            report.failed += tally.failed;
            report.disabled += tally.disabled;
        }
    }
}

/// Seals the events writes left and queues `task.due` for tasks that fell due.
async fn prepare(service: &Service) -> Result<(usize, usize)> {
    let now = service.clock().now();
    service
        .write_session(move |conn| {
            let announced = announce_due(conn, now)?;
            let sealed = seal(conn, None, now)?;
            Ok((sealed, announced))
        })
        .await
}

async fn claim(service: &Service, batch: usize) -> Result<Vec<Claimed>> {
    let now = service.clock().now();
    service
        .write_session(move |conn| Ok(store::claim(conn, now, now + LEASE, batch)?))
        .await
}

/// Sends one claimed delivery and writes down what became of it, in a transaction of its own:
/// another delivery's outcome, or its endpoint deleted meanwhile, cannot roll it back.
async fn deliver(service: &Service, sender: &Sender, claimed: Claimed) -> PassReport {
    let delivery = claimed.delivery.clone();
    let outcome = if claimed.webhook.enabled {
        Some(
            sender
                .send(
                    &claimed.webhook.url,
                    &claimed.webhook.secret,
                    &claimed.event_id,
                    &claimed.payload,
                )
                .await,
        )
    } else {
        // An endpoint switched off since its event was queued gets nothing more.
        None
    };
    let now = service.clock().now();
    let recorded = service
        .write_session(move |conn| {
            if !store::exists(conn, &claimed.webhook.id)? {
                return Ok(PassReport::default());
            }
            match outcome {
                Some(outcome) => record(conn, claimed, outcome, now),
                None => {
                    store::finish(conn, &claimed.delivery, claimed.attempts)?;
                    Ok(PassReport::default())
                }
            }
        })
        .await;
    match recorded {
        Ok(tally) => tally,
        Err(err) => {
            // The lease runs out and the delivery is sent again.
            tracing::warn!(%delivery, error = %err, "could not record a webhook delivery");
            PassReport::default()
        }
    }
}

/// Writes down an attempt and what comes next for its delivery.
fn record(
    conn: &mut DbConnection,
    claimed: Claimed,
    outcome: send::Outcome,
    now: DateTime<Utc>,
) -> Result<PassReport> {
    let mut tally = PassReport::default();
    let attempt = claimed.attempts + 1;
    store::record_attempt(
        conn,
        &Attempt {
            id: crate::store::new_id(),
            webhook_id: claimed.webhook.id,
            event_id: claimed.event_id.clone(),
            event_type: claimed.event_type,
            attempt,
            attempted_at: now,
            status_code: outcome.status.map(i32::from),
            error: outcome.error.clone(),
            duration_ms: i32::try_from(outcome.duration.as_millis()).unwrap_or(i32::MAX),
        },
    )?;
    if outcome.delivered() {
        store::finish(conn, &claimed.delivery, attempt)?;
        tally.delivered += 1;
        return Ok(tally);
    }
    tally.failed += 1;
    let error = outcome.error.unwrap_or_else(|| "no answer".into());
    let give_up = if outcome.status == Some(410) {
        Some("The endpoint answered 410 Gone".to_string())
    } else if now.signed_duration_since(claimed.created_at) >= RETRY_FOR {
        Some(format!(
            "Deliveries failed for {} hours; the last attempt: {error}",
            RETRY_FOR.num_hours()
        ))
    } else {
        None
    };
    match give_up {
        Some(reason) => {
            store::finish(conn, &claimed.delivery, attempt)?;
            store::disable(conn, &claimed.webhook.id, &reason)?;
            tracing::warn!(webhook = %claimed.webhook.id, %reason, "webhook switched off");
            tally.disabled += 1;
        }
        None => store::retry_at(conn, &claimed.delivery, attempt, now + backoff(attempt))?,
    }
    Ok(tally)
}

/// The wait before attempt `attempt + 1`: doubling from 5 seconds up to an hour, then drawn
/// uniformly from its upper half so that endpoints failing together do not retry together.
pub fn backoff(attempt: i32) -> Duration {
    let doublings = u32::try_from(attempt.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    let full = (FIRST_WAIT * 2i32.saturating_pow(doublings)).min(LONGEST_WAIT);
    let mut byte = [0u8; 2];
    let spread = if getrandom::fill(&mut byte).is_ok() {
        f64::from(u16::from_le_bytes(byte)) / f64::from(u16::MAX)
    } else {
        0.5
    };
    let millis = full.num_milliseconds() as f64 * (0.5 + spread / 2.0);
    Duration::milliseconds(millis as i64)
}

/// Queues `task.due` for open tasks whose due time passed since each endpoint last looked. Each
/// endpoint has its own cursor, so each event goes to the one endpoint that found it.
fn announce_due(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize> {
    let mut announced = 0;
    for hook in store::announcing_due(conn)? {
        if !hook.wants(EventType::TaskDue) {
            continue;
        }
        for task in store::fallen_due(conn, &hook, now)? {
            let id = format!("msg_{}", uuid::Uuid::now_v7().simple());
            store::insert_event(conn, &id, &hook.user_id, EventType::TaskDue, &task, now)?;
            let event = Event {
                id: id.clone(),
                user_id: hook.user_id,
                event_type: EventType::TaskDue,
                resource_id: task.to_string(),
                payload: None,
                created_at: now,
            };
            let payload = envelope(&event, render(conn, &event)?)?;
            store::seal(conn, &id, &payload, &[hook.id], now)?;
            announced += 1;
        }
        store::move_due_cursor(conn, &hook.id, now)?;
    }
    Ok(announced)
}

/// Delivers until the server stops. Each claimed delivery is sent on a task of its own and
/// records its own outcome, so the loop never waits for a slow endpoint: it claims again as soon
/// as a write queues something or a delivery ends (and each second regardless), for endpoints
/// with nothing in flight, while `IN_FLIGHT` bounds the sends under way.
pub async fn run(service: Service, sender: Sender) {
    let outbox: Arc<Outbox> = service.outbox().clone();
    let slots = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
    loop {
        if let Err(err) = dispatch(&service, &sender, &slots).await {
            tracing::warn!(error = %err, "webhook delivery pass failed");
        }
        let _ = tokio::time::timeout(IDLE, outbox.wake.notified()).await;
    }
}

async fn dispatch(
    service: &Service,
    sender: &Sender,
    slots: &Arc<tokio::sync::Semaphore>,
) -> Result<()> {
    prepare(service).await?;
    let free = slots.available_permits().min(BATCH);
    if free == 0 {
        return Ok(());
    }
    for claimed in claim(service, free).await? {
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            // Never: only this loop takes slots, and it claimed no more than were free.
            break;
        };
        let (service, sender) = (service.clone(), sender.clone());
        actix_web::rt::spawn(async move {
            deliver(&service, &sender, claimed).await;
            drop(slot);
            // The endpoint is free again: its next delivery need not wait for the idle tick.
            service.outbox().wake();
        });
    }
    Ok(())
}
