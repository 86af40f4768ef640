//! The operations on one owned, versioned resource, the same for every resource: read it with
//! its ETag (304 when unchanged), change it under `If-Match`, delete it under `If-Match`. Writes
//! re-plan, in the same transaction, the part of the user's follow-up that `replan` names.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::DbConnection;
use crate::error::ApiResult;
use crate::http::conditional::{IfMatch, single};
use crate::service::Replan;
use crate::state::AppState;
use crate::store::Versioned;
use crate::store::error::StoreResult;

/// The part of the plan a change to a row of this kind can move.
pub trait Replanned {
    fn changed(before: &Self, after: &Self) -> Replan;
    fn removed(row: &Self) -> Replan;
}

pub async fn read<R: Versioned, T: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    user: AuthUser,
    id: Uuid,
    render: fn(R) -> ApiResult<T>,
) -> ApiResult<HttpResponse> {
    let id = id.to_string();
    let row = state
        .service
        .read_as(user.key(), move |conn| Ok(R::find(conn, &user.key(), &id)?))
        .await?;
    let version = row.version();
    Ok(single(req, StatusCode::OK, version, &render(row)?))
}

/// `change` receives the current row and returns the new one. An invalid request is refused as
/// such (422) whatever `If-Match` says: the precondition is checked after `change`, and a failed
/// one (412) rolls its write back with the rest of the transaction.
pub async fn change<R, T, F, G>(
    state: &AppState,
    req: &HttpRequest,
    user: AuthUser,
    id: Uuid,
    if_match: IfMatch,
    change: F,
    render: G,
) -> ApiResult<HttpResponse>
where
    R: Versioned + Replanned,
    T: Serialize,
    F: FnOnce(&mut DbConnection, &R, DateTime<Utc>) -> ApiResult<R> + Send + 'static,
    G: FnOnce(R) -> ApiResult<T>,
{
    let id = id.to_string();
    let now = state.service.clock().now();
    let row = state
        .service
        .scoped_write(user.key(), move |conn| {
            let current = R::find(conn, &user.key(), &id)?;
            let changed = change(conn, &current, now)?;
            if_match.check(current.version())?;
            let what = R::changed(&current, &changed);
            Ok((changed, what))
        })
        .await?;
    let version = row.version();
    Ok(single(req, StatusCode::OK, version, &render(row)?))
}

pub async fn remove<R: Versioned + Replanned>(
    state: &AppState,
    user: AuthUser,
    id: Uuid,
    if_match: IfMatch,
    delete: fn(&mut DbConnection, &R, DateTime<Utc>) -> StoreResult<()>,
) -> ApiResult<HttpResponse> {
    let id = id.to_string();
    let now = state.service.clock().now();
    state
        .service
        .scoped_write(user.key(), move |conn| {
            let current = R::find(conn, &user.key(), &id)?;
            if_match.check(current.version())?;
            delete(conn, &current, now)?;
            Ok(((), R::removed(&current)))
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
