//! Webhooks from an outbox. Triggers record each event in the transaction of the change it
//! reports (`migrations/*/000013_webhooks`); before that transaction commits, the service gives
//! the event its payload (the resource as the API shows it) and queues a delivery per endpoint
//! that asked for it, so nothing is lost if the server stops. The delivery pass then claims due
//! deliveries under a lease, sends them off the request path, retries with exponential backoff
//! and jitter for a day, and switches off an endpoint that keeps failing, saying why.

pub mod send;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::db::DbConnection;
use crate::domain::Id;
use crate::error::ApiResult;
use crate::service::Service;
use crate::store::webhooks::{self as store, Attempt, Claimed, Event};

pub use send::Sender;

/// Deliveries claimed at once.
const BATCH: i64 = 50;
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

/// The resource an event is about, as the API shows it (`None` when it is gone). The API
/// installs it (`followup::app`), since the service does not know the API's shapes.
pub type Render = fn(&mut DbConnection, &Event) -> ApiResult<Option<Value>>;

/// What the service keeps for webhooks: how to render payloads, and how to wake the sender.
#[derive(Default)]
pub struct Outbox {
    render: OnceLock<Render>,
    wake: tokio::sync::Notify,
}

impl Outbox {
    pub fn install(&self, render: Render) {
        let _ = self.render.set(render);
    }

    /// Tells the delivery pass that something is queued.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Gives `user`'s recorded events their payloads and queues their deliveries; how many. Runs
/// inside the writing transaction. Without a renderer (before the API is up) the events wait
/// for the next delivery pass.
pub fn seal(
    conn: &mut DbConnection,
    outbox: &Outbox,
    user: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<usize> {
    let Some(render) = outbox.render.get() else {
        return Ok(0);
    };
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
            .filter(|h| h.enabled && h.wants(&event.event_type))
            .map(|h| h.id)
            .collect();
        let payload = envelope(event, render(conn, event)?);
        store::seal(conn, &event.id, &payload, &targets, now)?;
    }
    Ok(events.len())
}

/// The body every endpoint gets: the event's id, type and time, and the resource.
fn envelope(event: &Event, data: Option<Value>) -> String {
    let data = data.unwrap_or_else(|| json!({"id": event.resource_id, "deleted": true}));
    json!({
        "id": event.id,
        "type": event.event_type,
        "timestamp": event.created_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        "data": data,
    })
    .to_string()
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
/// due, then send every due delivery once.
pub async fn pass(service: &Service, sender: &Sender) -> ApiResult<PassReport> {
    let now = service.clock().now();
    let outbox = service.outbox();
    let mut report = PassReport::default();
    let (sealed, announced) = service
        .write_session({
            let outbox = outbox.clone();
            move |conn| {
                let announced = announce_due(conn, &outbox, now)?;
                let sealed = seal(conn, &outbox, None, now)?;
                Ok((sealed, announced))
            }
        })
        .await?;
    report.sealed = sealed;
    report.announced = announced;
    loop {
        let claimed = service
            .write_session(move |conn| Ok(store::claim(conn, now, now + LEASE, BATCH)?))
            .await?;
        let count = claimed.len();
        // An endpoint switched off since its event was queued gets nothing more.
        let (claimed, dropped): (Vec<Claimed>, Vec<Claimed>) =
            claimed.into_iter().partition(|c| c.webhook.enabled);
        let sends = claimed.into_iter().map(|c| async move {
            let outcome = sender
                .send(&c.webhook.url, &c.webhook.secret, &c.event_id, &c.payload)
                .await;
            (c, outcome)
        });
        let outcomes = futures_util::future::join_all(sends).await;
        let tally = service
            .write_session(move |conn| {
                for c in &dropped {
                    store::finish(conn, &c.delivery, c.attempts)?;
                }
                record(conn, outcomes, now)
            })
            .await?;
        report.delivered += tally.delivered;
        report.failed += tally.failed;
        report.disabled += tally.disabled;
        if i64::try_from(count).unwrap_or(0) < BATCH {
            return Ok(report);
        }
    }
}

/// Writes down each attempt and what comes next for its delivery.
fn record(
    conn: &mut DbConnection,
    outcomes: Vec<(Claimed, send::Outcome)>,
    now: DateTime<Utc>,
) -> ApiResult<PassReport> {
    let mut tally = PassReport::default();
    for (claimed, outcome) in outcomes {
        let attempt = claimed.attempts + 1;
        store::record_attempt(
            conn,
            &Attempt {
                id: crate::store::new_id(),
                webhook_id: claimed.webhook.id,
                event_id: claimed.event_id.clone(),
                event_type: claimed.event_type.clone(),
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
            continue;
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
fn announce_due(conn: &mut DbConnection, outbox: &Outbox, now: DateTime<Utc>) -> ApiResult<usize> {
    let Some(render) = outbox.render.get() else {
        return Ok(0);
    };
    let mut announced = 0;
    for hook in store::announcing_due(conn)? {
        if !hook.wants("task.due") {
            continue;
        }
        for task in store::fallen_due(conn, &hook, now)? {
            let id = format!("msg_{}", uuid::Uuid::now_v7().simple());
            store::insert_event(conn, &id, &hook.user_id, "task.due", &task, now)?;
            let event = Event {
                id: id.clone(),
                user_id: hook.user_id,
                event_type: "task.due".into(),
                resource_id: task.to_string(),
                payload: None,
                created_at: now,
            };
            let payload = envelope(&event, render(conn, &event)?);
            store::seal(conn, &id, &payload, &[hook.id], now)?;
            announced += 1;
        }
        store::move_due_cursor(conn, &hook.id, now)?;
    }
    Ok(announced)
}

/// Runs passes until the server stops: at once when a write queued something, else each second.
pub async fn run(service: Service, sender: Sender) {
    let outbox: Arc<Outbox> = service.outbox().clone();
    loop {
        if let Err(err) = pass(&service, &sender).await {
            tracing::warn!(error = %err, "webhook delivery pass failed");
        }
        let _ = tokio::time::timeout(IDLE, outbox.wake.notified()).await;
    }
}
