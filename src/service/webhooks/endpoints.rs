//! Webhook endpoints as a session manages them: add (the address checked, the signing secret
//! made), list, change, switch back on, rotate the secret, remove, and read recent attempts.

use crate::db::Stamp;
use crate::domain::Id;
use crate::domain::enums::EventTypes;
use crate::service::resource::Precondition;
use crate::service::{Error, Result, Service};
use crate::store::new_id;
use crate::store::quota::Quota;
use crate::store::webhooks::{self, Attempt, NewWebhook, Webhook, WebhookChanges};

use super::send::new_secret;

/// Attempts the deliveries list shows.
const RECENT: i64 = 100;

/// A new endpoint and its signing secret, shown once. `url` was checked by the address policy.
pub async fn create(
    service: &Service,
    user: Id,
    url: String,
    events: EventTypes,
) -> Result<(Webhook, String)> {
    let secret = new_secret().map_err(Error::internal)?;
    let now = Stamp(service.clock().now());
    let new = NewWebhook {
        id: new_id(),
        user_id: user,
        url,
        events,
        secret: secret.clone(),
        due_cursor: now,
        created_at: now,
        updated_at: now,
    };
    let quotas = service.quotas();
    let row = service
        .write_session_as(user, move |conn| {
            quotas.check(conn, &user, Quota::Webhooks)?;
            Ok(webhooks::insert(conn, &new)?)
        })
        .await?;
    Ok((row, secret))
}

pub async fn list(service: &Service, user: Id) -> Result<Vec<Webhook>> {
    service
        .read_as(user, move |conn| Ok(webhooks::of_user(conn, &user)?))
        .await
}

pub async fn get(service: &Service, user: Id, id: Id) -> Result<Webhook> {
    service
        .read_as(user, move |conn| Ok(webhooks::find(conn, &user, &id)?))
        .await
}

/// Changes an endpoint. Switched back on, its `disabled_reason` clears and it hears of what
/// happens from now: tasks that fell due while it was off are not announced in a burst.
pub async fn update(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    mut changes: WebhookChanges,
) -> Result<Webhook> {
    let now = service.clock().now();
    service
        .write_session_as(user, move |conn| {
            let current = webhooks::find(conn, &user, &id)?;
            expect.check(current.version)?;
            let switched_on = changes.enabled == Some(true) && !current.enabled;
            if switched_on {
                changes.disabled_reason = Some(None);
                changes.due_cursor = Some(Stamp(now));
            }
            if changes.changes_nothing(&current) {
                return Ok(current);
            }
            Ok(webhooks::update(conn, &current, &changes, now)?)
        })
        .await
}

/// Removes an endpoint with its waiting deliveries.
pub async fn delete(service: &Service, user: Id, id: Id, expect: Precondition) -> Result<()> {
    service
        .write_session_as(user, move |conn| {
            let current = webhooks::find(conn, &user, &id)?;
            expect.check(current.version)?;
            Ok(webhooks::delete(conn, &current)?)
        })
        .await
}

/// Replaces the signing secret; the new one, shown once.
pub async fn rotate_secret(service: &Service, user: Id, id: Id) -> Result<(Webhook, String)> {
    let secret = new_secret().map_err(Error::internal)?;
    let now = service.clock().now();
    let changes = WebhookChanges {
        secret: Some(secret.clone()),
        ..WebhookChanges::default()
    };
    let row = service
        .write_session_as(user, move |conn| {
            let current = webhooks::find(conn, &user, &id)?;
            Ok(webhooks::update(conn, &current, &changes, now)?)
        })
        .await?;
    Ok((row, secret))
}

/// The endpoint's latest attempts, newest first.
pub async fn attempts(service: &Service, user: Id, id: Id) -> Result<Vec<Attempt>> {
    service
        .read_as(user, move |conn| {
            let hook = webhooks::find(conn, &user, &id)?;
            Ok(webhooks::attempts(conn, &hook.id, RECENT)?)
        })
        .await
}
