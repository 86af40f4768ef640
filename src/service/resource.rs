//! The operations on one owned, versioned resource, the same for every resource: read it, change
//! it under a precondition, delete it under a precondition. Writes re-plan, in the same
//! transaction, the part of the user's follow-up that the change can move. A change that
//! changes nothing writes nothing: the version, and so the `ETag`, stay as they were.

use chrono::{DateTime, Utc};

use crate::db::DbConnection;
use crate::domain::Id;
use crate::service::{Error, Replan, Result, Service};
use crate::store::Versioned;
use crate::store::error::StoreResult;

/// What the client holds of a resource before it writes (`If-Match`): nothing asked, or one of
/// these versions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Precondition {
    #[default]
    Any,
    /// The write goes ahead only while the resource is at one of these versions; an empty list
    /// (a header that names no version of ours) never matches.
    OneOf(Vec<i32>),
}

impl Precondition {
    pub fn check(&self, version: i32) -> Result<()> {
        match self {
            Self::OneOf(versions) if !versions.contains(&version) => Err(Error::PreconditionFailed),
            _ => Ok(()),
        }
    }
}

/// The part of the plan a change to a row of this kind can move.
pub trait Replanned {
    fn changed(before: &Self, after: &Self) -> Replan;
    fn removed(row: &Self) -> Replan;
}

/// The user's live row `id`.
pub async fn get<R: Versioned>(service: &Service, user: Id, id: Id) -> Result<R> {
    service
        .read_as(user, move |conn| Ok(R::find(conn, &user, &id)?))
        .await
}

/// Applies `change` to the current row: it returns the changed row, or `None` when the request
/// changes nothing (then nothing is written). An invalid request is refused as such whatever
/// the precondition says: it is checked after `change`, and a failed one rolls back the write.
pub async fn change<R, F>(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    change: F,
) -> Result<R>
where
    R: Versioned + Replanned,
    F: FnOnce(&mut DbConnection, &R, DateTime<Utc>) -> Result<Option<R>> + Send + 'static,
{
    let now = service.clock().now();
    service
        .scoped_write(user, move |conn| {
            let current = R::find(conn, &user, &id)?;
            let changed = change(conn, &current, now)?;
            expect.check(current.version())?;
            Ok(match changed {
                Some(changed) => {
                    let what = R::changed(&current, &changed);
                    (changed, what)
                }
                None => (current, Replan::Nothing),
            })
        })
        .await
}

pub async fn remove<R: Versioned + Replanned>(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    delete: fn(&mut DbConnection, &R, DateTime<Utc>) -> StoreResult<()>,
) -> Result<()> {
    let now = service.clock().now();
    service
        .scoped_write(user, move |conn| {
            let current = R::find(conn, &user, &id)?;
            expect.check(current.version())?;
            delete(conn, &current, now)?;
            Ok(((), R::removed(&current)))
        })
        .await
}
