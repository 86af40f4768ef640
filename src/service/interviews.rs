//! Interviews: one round of a hiring process each. A new interview, or a change to one,
//! re-plans its follow-up in the same transaction.

use crate::domain::Id;
use crate::domain::enums::Outcome;
use crate::service::resource::{self, Precondition, Replanned};
use crate::service::{Replan, Result, Service};
use crate::store::interviews::{self, Interview, InterviewChanges, InterviewFilter, NewInterview};
use crate::store::quota::Quota;
use crate::store::window::Window;

pub async fn create(service: &Service, user: Id, new: NewInterview) -> Result<Interview> {
    let quotas = service.quotas();
    service
        .planned_write(user, move |conn| {
            quotas.check(conn, &user, Quota::Interviews)?;
            Ok(interviews::insert(conn, &new)?)
        })
        .await
}

pub async fn list(
    service: &Service,
    user: Id,
    filter: InterviewFilter,
    window: Window,
) -> Result<Vec<Interview>> {
    service
        .read_as(user, move |conn| {
            Ok(interviews::list(conn, &user, &filter, &window)?)
        })
        .await
}

pub async fn get(service: &Service, user: Id, id: Id) -> Result<Interview> {
    resource::get(service, user, id).await
}

/// Applies `changes`; the outcome's date follows the outcome when it really changes.
pub async fn update(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    mut changes: InterviewChanges,
) -> Result<Interview> {
    resource::change(
        service,
        user,
        id,
        expect,
        move |conn, current: &Interview, now| {
            if let Some(outcome) = changes.outcome.filter(|o| *o != current.outcome) {
                changes.outcome_set_at =
                    Some((outcome != Outcome::Pending).then_some(crate::db::Stamp(now)));
            }
            if changes.changes_nothing(current) {
                return Ok(None);
            }
            Ok(Some(interviews::update(conn, current, &changes, now)?))
        },
    )
    .await
}

/// Deletes the interview: its people are detached and its open tasks cancelled.
pub async fn delete(service: &Service, user: Id, id: Id, expect: Precondition) -> Result<()> {
    resource::remove(service, user, id, expect, interviews::delete).await
}

impl Replanned for Interview {
    /// Its status, outcome and company are read beyond its hiring process (keep_searching looks
    /// at every open process, a reference's heads-up at every decisive interview): those re-plan
    /// everything; the rest, the process and the people met.
    fn changed(before: &Self, after: &Self) -> Replan {
        if before.status != after.status
            || before.outcome != after.outcome
            || before.company != after.company
        {
            Replan::Everything
        } else {
            Replan::interview(after.id.to_string())
        }
    }

    fn removed(_: &Self) -> Replan {
        Replan::Everything
    }
}
