//! Applications: one hiring process each, the unit the follow-up is planned by (RULES.md, "The
//! unit is the application"). What every round shares (outcome, interest, the decision dates)
//! is written here and copied into its rounds for clients that read it there. A posting is
//! saved once: saving it again is a conflict that points at the application holding it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};

use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::enums::{InterviewStatus, Outcome};
use crate::service::resource::{self, Precondition, Replanned};
use crate::service::{Error, Replan, Result, Service};
use crate::store::applications::{
    self, Application, ApplicationChanges, ApplicationFilter, NewApplication, Staged,
};
use crate::store::quota::Quota;
use crate::store::references::Reference;
use crate::store::tasks;
use crate::store::window::Window;
use crate::store::{Versioned, interviews};

/// The conflict of a posting saved already, pointing at the application that holds it.
fn saved_already(existing: &Application) -> Error {
    let path = format!("/v1/applications/{}", existing.id);
    Error::Conflict {
        field: Some("posting_url"),
        detail: format!(
            "You saved this posting already, as the {} application at {}: {path}",
            existing.position, existing.company
        ),
        existing: Some(path),
    }
}

/// Refuses a posting another live application of `user` holds (the unique index is the last
/// word under a race; this names the holder).
fn posting_free(
    conn: &mut DbConnection,
    user: &str,
    url: Option<&str>,
    except: Option<&str>,
) -> Result<()> {
    if let Some(url) = url
        && let Some(existing) = applications::by_posting(conn, user, url)?
        && except != Some(existing.id.as_str())
    {
        return Err(saved_already(&existing));
    }
    Ok(())
}

pub async fn create(service: &Service, user: Id, new: NewApplication) -> Result<Staged> {
    let quotas = service.quotas();
    service
        .planned_write(user, move |conn| {
            posting_free(conn, &user, new.posting_url.as_deref(), None)?;
            quotas.check(conn, &user, Quota::Applications)?;
            let application = applications::insert(conn, &new)?;
            Ok(Staged {
                application,
                has_rounds: false,
            })
        })
        .await
}

pub async fn list(
    service: &Service,
    user: Id,
    filter: ApplicationFilter,
    window: Window,
) -> Result<Vec<Staged>> {
    service
        .read_as(user, move |conn| {
            let rows = applications::list(conn, &user, &filter, &window)?;
            Ok(applications::staged(conn, rows)?)
        })
        .await
}

pub async fn get(service: &Service, user: Id, id: Id) -> Result<Staged> {
    service
        .read_as(user, move |conn| {
            let row = applications::find(conn, &user, &id)?;
            Ok(applications::staged(conn, vec![row])?.remove(0))
        })
        .await
}

/// Applies `changes` to the application and its rounds' copies; the outcome's date follows the
/// outcome when it really changes.
pub async fn update(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    mut changes: ApplicationChanges,
) -> Result<Staged> {
    // Its rounds are read in the write: for the copies they keep, and for the stage the answer
    // shows, so that nothing is read again after it.
    let booked = Arc::new(AtomicBool::new(false));
    let seen = booked.clone();
    let changed = resource::change(
        service,
        user,
        id,
        expect,
        move |conn, current: &Application, now| {
            stamp_outcome(&mut changes, current, now);
            let rounds = applications::rounds(conn, &current.id)?;
            seen.store(
                rounds
                    .iter()
                    .any(|r| r.status != InterviewStatus::Cancelled),
                Ordering::Relaxed,
            );
            if changes.changes_nothing(current) {
                return Ok(None);
            }
            if let Some(Some(url)) = &changes.posting_url {
                posting_free(conn, &current.user_id, Some(url), Some(&current.id))?;
            }
            let updated = applications::update(conn, current, &changes, now)?;
            if changes.touches_interviews() {
                applications::sync_these(conn, &updated, &rounds, None, now)?;
            }
            Ok(Some(updated))
        },
    )
    .await?;
    Ok(Staged {
        application: changed,
        has_rounds: booked.load(Ordering::Relaxed),
    })
}

/// `outcome_set_at` follows a real change of outcome: stamped when it becomes one, cleared when
/// it goes back to pending.
pub fn stamp_outcome(changes: &mut ApplicationChanges, current: &Application, now: DateTime<Utc>) {
    if let Some(outcome) = changes.outcome.filter(|o| *o != current.outcome) {
        changes.outcome_set_at = Some((outcome != Outcome::Pending).then_some(Stamp(now)));
    } else {
        changes.outcome_set_at = None;
    }
}

/// Deletes the application with its rounds: their people are detached, and every open task of
/// it is cancelled, naming it.
pub async fn delete(service: &Service, user: Id, id: Id, expect: Precondition) -> Result<()> {
    resource::remove(service, user, id, expect, remove).await
}

fn remove(
    conn: &mut DbConnection,
    current: &Application,
    now: DateTime<Utc>,
) -> crate::store::error::StoreResult<()> {
    let reason = format!(
        "You deleted the {} application at {}",
        current.position, current.company
    );
    tasks::cancel_open_for(
        conn,
        &current.user_id,
        tasks::Link::Application(&current.id),
        &reason,
        now,
    )?;
    for round in applications::rounds(conn, &current.id)? {
        interviews::delete(conn, &round, now)?;
    }
    applications::delete(conn, current, now)
}

/// The reference if it is linked to the application; 404 names which of the three is missing.
pub async fn linked_reference(
    service: &Service,
    user: Id,
    application: Id,
    reference: Id,
) -> Result<Reference> {
    service
        .read_as(user, move |conn| {
            applications::find(conn, &user, &application)?;
            let found = Reference::find(conn, &user, &reference)?;
            if !applications::is_linked(conn, &application, &reference)? {
                return Err(Error::NotFound(format!(
                    "{} is not among the references given for this application",
                    found.name
                )));
            }
            Ok(found)
        })
        .await
}

/// Links a reference to the application: `true` when it was not linked before. The application
/// takes a new version (its references are part of it).
pub async fn link_reference(
    service: &Service,
    user: Id,
    application: Id,
    reference: Id,
) -> Result<(Reference, bool)> {
    let now = service.clock().now();
    service
        .planned_write(user, move |conn| {
            let app = applications::find(conn, &user, &application)?;
            let found = Reference::find(conn, &user, &reference)
                .map_err(|_| Error::NotFound("No such reference".into()))?;
            let linked = applications::link_reference(conn, &user, &app.id, &found.id, now)?;
            if linked {
                applications::touch(conn, &app.id, now)?;
                tasks::touch_permission_calls(conn, &user, &found.id, now)?;
            }
            Ok((found, linked))
        })
        .await
}

/// Unlinks it; 404 when it was not linked.
pub async fn unlink_reference(
    service: &Service,
    user: Id,
    application: Id,
    reference: Id,
) -> Result<()> {
    let now = service.clock().now();
    service
        .planned_write(user, move |conn| {
            let app = applications::find(conn, &user, &application)?;
            if !applications::unlink_reference(conn, &app.id, &reference)? {
                return Err(Error::NotFound(
                    "That reference is not linked to this application".into(),
                ));
            }
            applications::touch(conn, &app.id, now)?;
            tasks::touch_permission_calls(conn, &user, &reference, now)?;
            Ok(())
        })
        .await
}

/// What the plan reads of an application beyond its own tasks: its company and whether it was
/// applied to (a reference's permission call names it), its outcome (keep_searching counts open
/// ones). Changes to those re-plan everything; the rest, the application and the people met.
impl Replanned for Application {
    fn changed(before: &Self, after: &Self) -> Replan {
        if before.company != after.company
            || before.position != after.position
            || before.applied_on.is_some() != after.applied_on.is_some()
            || before.outcome.is_final() != after.outcome.is_final()
        {
            Replan::Everything
        } else {
            Replan::application(after.id.to_string())
        }
    }

    fn removed(_: &Self) -> Replan {
        Replan::Everything
    }
}
