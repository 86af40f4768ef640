//! Webhook endpoints and their outbox: events (recorded by triggers in the writing transaction,
//! then given their payload), one delivery per endpoint and event, and the attempts made.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{tasks, webhook_attempts, webhook_deliveries, webhook_events, webhooks};
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::enums::{EventType, EventTypes, TaskStatus};
use crate::store::error::{StoreError, StoreResult};
use crate::store::task_status::status_is;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhooks, check_for_backend(crate::db::MultiBackend))]
pub struct Webhook {
    pub id: Id,
    pub user_id: Id,
    pub url: String,
    pub events: EventTypes,
    /// `whsec_` and the base64 of the signing key.
    pub secret: String,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    /// `task.due` has been announced for due times up to here.
    pub due_cursor: DateTime<Utc>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Webhook {
    pub fn wants(&self, event: EventType) -> bool {
        self.events.contains(event)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = webhooks)]
pub struct NewWebhook {
    pub id: Id,
    pub user_id: Id,
    pub url: String,
    pub events: EventTypes,
    pub secret: String,
    pub due_cursor: Stamp,
    pub created_at: Stamp,
    pub updated_at: Stamp,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = webhooks)]
pub struct WebhookChanges {
    pub url: Option<String>,
    pub events: Option<EventTypes>,
    pub secret: Option<String>,
    pub enabled: Option<bool>,
    pub disabled_reason: Option<Option<String>>,
    pub due_cursor: Option<Stamp>,
}

crate::store::changes_nothing!(
    WebhookChanges,
    Webhook,
    [url, events, secret, enabled, disabled_reason, due_cursor,]
);

pub fn insert(conn: &mut DbConnection, new: &NewWebhook) -> StoreResult<Webhook> {
    Ok(diesel::insert_into(webhooks::table)
        .values(new)
        .returning(webhooks::all_columns)
        .get_result(conn)?)
}

pub fn find(conn: &mut DbConnection, user: &str, id: &str) -> StoreResult<Webhook> {
    let query = webhooks::table
        .filter(webhooks::id.eq(id))
        .filter(webhooks::user_id.eq(user))
        .select(Webhook::as_select());
    crate::db::one_row(query, conn)?.ok_or_else(|| StoreError::NotFound("No such webhook".into()))
}

pub fn of_user(conn: &mut DbConnection, user: &str) -> StoreResult<Vec<Webhook>> {
    Ok(webhooks::table
        .filter(webhooks::user_id.eq(user))
        .order(webhooks::id)
        .select(Webhook::as_select())
        .load(conn)?)
}

/// Applies `changes` if the endpoint is still at the version it was read at.
pub fn update(
    conn: &mut DbConnection,
    current: &Webhook,
    changes: &WebhookChanges,
    now: DateTime<Utc>,
) -> StoreResult<Webhook> {
    diesel::update(
        webhooks::table
            .filter(webhooks::id.eq(&current.id))
            .filter(webhooks::version.eq(current.version)),
    )
    .set((
        changes,
        webhooks::version.eq(webhooks::version + 1),
        webhooks::updated_at.eq(Stamp(now)),
    ))
    .returning(webhooks::all_columns)
    .get_result(conn)
    .optional()?
    .ok_or_else(crate::store::changed_meanwhile)
}

/// Removes the endpoint with its deliveries and attempts.
pub fn delete(conn: &mut DbConnection, current: &Webhook) -> StoreResult<()> {
    let deleted = diesel::delete(
        webhooks::table
            .filter(webhooks::id.eq(&current.id))
            .filter(webhooks::version.eq(current.version)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Err(crate::store::changed_meanwhile());
    }
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_events, check_for_backend(crate::db::MultiBackend))]
pub struct Event {
    pub id: String,
    pub user_id: Id,
    pub event_type: EventType,
    pub resource_id: String,
    pub payload: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Events recorded for `user` (all users when `None`) that have no payload yet.
pub fn unsealed(conn: &mut DbConnection, user: Option<&str>) -> StoreResult<Vec<Event>> {
    let mut query = webhook_events::table
        .filter(webhook_events::payload.is_null())
        .order((webhook_events::created_at, webhook_events::id))
        .select(Event::as_select())
        .into_boxed();
    if let Some(user) = user {
        query = query.filter(webhook_events::user_id.eq(user.to_string()));
    }
    Ok(query.load(conn)?)
}

pub fn insert_event(
    conn: &mut DbConnection,
    id: &str,
    user: &str,
    event_type: EventType,
    resource: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::id.eq(id),
            webhook_events::user_id.eq(user),
            webhook_events::event_type.eq(event_type),
            webhook_events::resource_id.eq(resource),
            webhook_events::created_at.eq(Stamp(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Gives the event its payload and queues it for each endpoint in `hooks`.
pub fn seal(
    conn: &mut DbConnection,
    event: &str,
    payload: &str,
    hooks: &[Id],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(webhook_events::table.find(event))
        .set(webhook_events::payload.eq(payload))
        .execute(conn)?;
    for hook in hooks {
        diesel::insert_into(webhook_deliveries::table)
            .values((
                webhook_deliveries::id.eq(crate::store::new_id()),
                webhook_deliveries::webhook_id.eq(hook),
                webhook_deliveries::event_id.eq(event),
                webhook_deliveries::next_attempt_at.eq(Stamp(now)),
                webhook_deliveries::created_at.eq(Stamp(now)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Open tasks of `hook`'s user that fell due after its cursor and by `now`, oldest first.
pub fn fallen_due(
    conn: &mut DbConnection,
    hook: &Webhook,
    now: DateTime<Utc>,
) -> StoreResult<Vec<Id>> {
    Ok(tasks::table
        .filter(tasks::user_id.eq(&hook.user_id))
        .filter(status_is(TaskStatus::Open))
        .filter(tasks::deleted_at.is_null())
        .filter(tasks::due_at.gt(Stamp(hook.due_cursor)))
        .filter(tasks::due_at.le(Stamp(now)))
        .order((tasks::due_at, tasks::id))
        .select(tasks::id)
        .load(conn)?)
}

/// Enabled endpoints that asked for `task.due`.
pub fn announcing_due(conn: &mut DbConnection) -> StoreResult<Vec<Webhook>> {
    let mut hooks: Vec<Webhook> = webhooks::table
        .filter(webhooks::enabled.eq(true))
        .filter(webhooks::events.like(format!("%{}%", EventType::TaskDue)))
        .select(Webhook::as_select())
        .load(conn)?;
    hooks.retain(|hook| hook.wants(EventType::TaskDue));
    Ok(hooks)
}

pub fn move_due_cursor(conn: &mut DbConnection, hook: &str, to: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(webhooks::table.find(hook))
        .set(webhooks::due_cursor.eq(Stamp(to)))
        .execute(conn)?;
    Ok(())
}

/// A claimed delivery's row: its id, attempts and age, the endpoint, and the event.
type ClaimRow = (
    String,
    i32,
    DateTime<Utc>,
    Webhook,
    String,
    EventType,
    Option<String>,
);

/// A delivery claimed for sending, with what sending needs.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub webhook: Webhook,
    pub event_id: String,
    pub event_type: EventType,
    pub payload: String,
}

/// Claims due deliveries until `lease_until`, at most one per endpoint and none for an endpoint
/// that has one in flight, for up to `batch` endpoints, those waiting longest first. Each
/// endpoint thus gets its deliveries one after another, and a slow one holds up only its own:
/// its backlog cannot crowd other endpoints out of a claim. Another server (or this one after
/// a restart) takes a delivery only once its lease ran out, so each is sent by one server at a
/// time, and one that died mid-send is sent again.
pub fn claim(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    batch: usize,
) -> StoreResult<Vec<Claimed>> {
    let free = webhook_deliveries::lease_until
        .is_null()
        .or(webhook_deliveries::lease_until.le(Stamp(now)));
    let due = webhook_deliveries::next_attempt_at.le(Stamp(now));
    let busy: HashSet<Id> = webhook_deliveries::table
        .filter(webhook_deliveries::next_attempt_at.is_not_null())
        .filter(webhook_deliveries::lease_until.gt(Stamp(now)))
        .select(webhook_deliveries::webhook_id)
        .load::<Id>(conn)?
        .into_iter()
        .collect();
    let mut waiting: Vec<(Id, Option<DateTime<Utc>>)> = webhook_deliveries::table
        .filter(due)
        .filter(free)
        .group_by(webhook_deliveries::webhook_id)
        .select((
            webhook_deliveries::webhook_id,
            diesel::dsl::min(webhook_deliveries::next_attempt_at),
        ))
        .load(conn)?;
    waiting.retain(|(hook, _)| !busy.contains(hook));
    waiting.sort_by_key(|&(hook, since)| (since, hook));
    let mut picked = Vec::new();
    for (hook, _) in waiting.into_iter().take(batch) {
        let first: Option<String> = webhook_deliveries::table
            .filter(webhook_deliveries::webhook_id.eq(hook))
            .filter(due)
            .filter(free)
            .order((webhook_deliveries::next_attempt_at, webhook_deliveries::id))
            .select(webhook_deliveries::id)
            .limit(1)
            .get_result(conn)
            .optional()?;
        picked.extend(first);
    }
    if picked.is_empty() {
        return Ok(Vec::new());
    }
    // The lease is taken only where it is still free: of two servers, one wins each row.
    let won: Vec<String> = diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq_any(&picked))
            .filter(due)
            .filter(free),
    )
    .set(webhook_deliveries::lease_until.eq(Stamp(lease_until)))
    .returning(webhook_deliveries::id)
    .get_results(conn)?;
    let rows: Vec<ClaimRow> = webhook_deliveries::table
        .inner_join(webhooks::table)
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::id.eq_any(&won))
        .select((
            webhook_deliveries::id,
            webhook_deliveries::attempts,
            webhook_deliveries::created_at,
            Webhook::as_select(),
            webhook_events::id,
            webhook_events::event_type,
            webhook_events::payload,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(delivery, attempts, created_at, webhook, event_id, event_type, payload)| {
                Some(Claimed {
                    delivery,
                    attempts,
                    created_at,
                    webhook,
                    event_id,
                    event_type,
                    payload: payload?,
                })
            },
        )
        .collect())
}

/// Whether the endpoint still exists: it may be deleted while one of its deliveries is sent.
pub fn exists(conn: &mut DbConnection, hook: &Id) -> StoreResult<bool> {
    let query = webhooks::table.find(hook).select(webhooks::id);
    Ok(crate::db::one_row::<_, Id>(query, conn)?.is_some())
}

/// One attempt's outcome, as the deliveries list shows it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_attempts, check_for_backend(crate::db::MultiBackend))]
pub struct Attempt {
    pub id: Id,
    pub webhook_id: Id,
    pub event_id: String,
    pub event_type: EventType,
    pub attempt: i32,
    pub attempted_at: DateTime<Utc>,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i32,
}

pub fn record_attempt(conn: &mut DbConnection, attempt: &Attempt) -> StoreResult<()> {
    diesel::insert_into(webhook_attempts::table)
        .values((
            webhook_attempts::id.eq(attempt.id),
            webhook_attempts::webhook_id.eq(attempt.webhook_id),
            webhook_attempts::event_id.eq(&attempt.event_id),
            webhook_attempts::event_type.eq(&attempt.event_type),
            webhook_attempts::attempt.eq(attempt.attempt),
            webhook_attempts::attempted_at.eq(Stamp(attempt.attempted_at)),
            webhook_attempts::status_code.eq(attempt.status_code),
            webhook_attempts::error.eq(&attempt.error),
            webhook_attempts::duration_ms.eq(attempt.duration_ms),
        ))
        .execute(conn)?;
    Ok(())
}

/// The endpoint's latest attempts, newest first.
pub fn attempts(conn: &mut DbConnection, hook: &str, limit: i64) -> StoreResult<Vec<Attempt>> {
    Ok(webhook_attempts::table
        .filter(webhook_attempts::webhook_id.eq(hook))
        .order((
            webhook_attempts::attempted_at.desc(),
            webhook_attempts::id.desc(),
        ))
        .limit(limit)
        .select(Attempt::as_select())
        .load(conn)?)
}

/// Done with a delivery: sent, or given up on.
pub fn finish(conn: &mut DbConnection, delivery: &str, attempts: i32) -> StoreResult<()> {
    diesel::update(webhook_deliveries::table.find(delivery))
        .set((
            webhook_deliveries::attempts.eq(attempts),
            webhook_deliveries::next_attempt_at.eq(None::<Stamp>),
            webhook_deliveries::lease_until.eq(None::<Stamp>),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn retry_at(
    conn: &mut DbConnection,
    delivery: &str,
    attempts: i32,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(webhook_deliveries::table.find(delivery))
        .set((
            webhook_deliveries::attempts.eq(attempts),
            webhook_deliveries::next_attempt_at.eq(Stamp(at)),
            webhook_deliveries::lease_until.eq(None::<Stamp>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Switches an endpoint off, saying why; its waiting deliveries stop too.
pub fn disable(conn: &mut DbConnection, hook: &str, reason: &str) -> StoreResult<()> {
    diesel::update(webhooks::table.find(hook))
        .set((
            webhooks::enabled.eq(false),
            webhooks::disabled_reason.eq(reason),
            webhooks::version.eq(webhooks::version + 1),
        ))
        .execute(conn)?;
    diesel::update(webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(hook)))
        .set(webhook_deliveries::next_attempt_at.eq(None::<Stamp>))
        .execute(conn)?;
    Ok(())
}

/// Forgets attempts and delivered events older than `before`.
pub fn prune(conn: &mut DbConnection, before: DateTime<Utc>) -> StoreResult<usize> {
    let attempts = diesel::delete(
        webhook_attempts::table.filter(webhook_attempts::attempted_at.lt(Stamp(before))),
    )
    .execute(conn)?;
    let pending = webhook_deliveries::table
        .filter(webhook_deliveries::next_attempt_at.is_not_null())
        .select(webhook_deliveries::event_id);
    let events = diesel::delete(
        webhook_events::table
            .filter(webhook_events::created_at.lt(Stamp(before)))
            .filter(webhook_events::payload.is_not_null())
            .filter(webhook_events::id.ne_all(pending)),
    )
    .execute(conn)?;
    Ok(attempts + events)
}
