//! References: who vouches for the user, and whether they agreed to. The server stamps when
//! permission was asked and when it was answered, as the permission moves.

use chrono::{DateTime, Utc};

use crate::db::Stamp;
use crate::domain::Id;
use crate::domain::enums::Permission;
use crate::service::resource::{self, Precondition, Replanned};
use crate::service::{Replan, Result, Service};
use crate::store::quota::Quota;
use crate::store::references::{self, NewReference, Reference, ReferenceChanges};
use crate::store::window::Window;

pub async fn create(service: &Service, user: Id, mut new: NewReference) -> Result<Reference> {
    let quotas = service.quotas();
    let (asked, answered) = stamps(new.permission, None, new.created_at.0);
    new.permission_asked_at = asked.map(Stamp);
    new.permission_answered_at = answered.map(Stamp);
    service
        .planned_write(user, move |conn| {
            quotas.check(conn, &user, Quota::References)?;
            Ok(references::insert(conn, &new)?)
        })
        .await
}

pub async fn list(service: &Service, user: Id, window: Window) -> Result<Vec<Reference>> {
    service
        .read_as(user, move |conn| {
            Ok(references::list(conn, &user, &window)?)
        })
        .await
}

pub async fn get(service: &Service, user: Id, id: Id) -> Result<Reference> {
    resource::get(service, user, id).await
}

/// Applies `changes`; the permission's stamps move only when the permission really changes.
pub async fn update(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    mut changes: ReferenceChanges,
) -> Result<Reference> {
    resource::change(
        service,
        user,
        id,
        expect,
        move |conn, current: &Reference, now| {
            changes.permission = changes.permission.filter(|p| *p != current.permission);
            if let Some(permission) = changes.permission {
                let (asked, answered) = stamps(permission, current.permission_asked_at, now);
                changes.permission_asked_at = Some(asked.map(Stamp));
                changes.permission_answered_at = Some(answered.map(Stamp));
            }
            if changes.changes_nothing(current) {
                return Ok(None);
            }
            Ok(Some(references::update(conn, current, &changes, now)?))
        },
    )
    .await
}

pub async fn delete(service: &Service, user: Id, id: Id, expect: Precondition) -> Result<()> {
    resource::remove(service, user, id, expect, references::delete).await
}

/// The (asked_at, answered_at) stamps after moving to `permission`.
fn stamps(
    permission: Permission,
    asked: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    match permission {
        Permission::NotAsked => (None, None),
        Permission::Requested => (Some(now), None),
        Permission::Granted | Permission::Declined => (Some(asked.unwrap_or(now)), Some(now)),
    }
}

/// Every reference task reads every reference: a change re-plans everything.
impl Replanned for Reference {
    fn changed(_: &Self, _: &Self) -> Replan {
        Replan::Everything
    }

    fn removed(_: &Self) -> Replan {
        Replan::Everything
    }
}
