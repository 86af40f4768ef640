//! Lists: `limit` (default 50, at most 200), an opaque `cursor`, and `updated_since` for syncing.
//!
//! Without `updated_since` a list walks live rows in id order (UUIDv7: creation order), so rows
//! added during a walk come at its end and every row is seen exactly once. With it, the list walks
//! rows changed after that instant in `(updated_at, id)` order, deletions included as tombstones.

use actix_web::{HttpRequest, HttpResponse};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::clock;
use crate::db::{self, DbConnection};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::window::{Cursor, Listed, Window};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Page size: 50 by default; larger than 200 is treated as 200.
    #[param(minimum = 1, example = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Only what changed after this instant, deletions included as `{id, deleted: true}`.
    pub updated_since: Option<DateTime<Utc>>,
}

impl ListQuery {
    pub fn window(&self) -> ApiResult<Window> {
        let limit = match self.limit {
            Some(0) => return Err(ApiError::field("limit", "must be at least 1")),
            Some(n) => n.min(MAX_LIMIT),
            None => DEFAULT_LIMIT,
        };
        let since = self.updated_since.map(clock::naive);
        let after = self
            .cursor
            .as_deref()
            .map(|c| decode(c, since.is_some()))
            .transpose()?;
        Ok(Window {
            limit: i64::from(limit),
            after,
            since,
        })
    }
}

fn decode(cursor: &str, syncing: bool) -> ApiResult<Cursor> {
    let invalid = || ApiError::field("cursor", "is not a cursor from this list");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (updated_at, id) = match text.split_once('|') {
        Some((micros, id)) if syncing => {
            let micros: i64 = micros.parse().map_err(|_| invalid())?;
            let at = DateTime::from_timestamp_micros(micros).ok_or_else(invalid)?;
            (Some(at.naive_utc()), id)
        }
        None if !syncing => (None, text.as_str()),
        _ => return Err(invalid()),
    };
    Uuid::parse_str(id).map_err(|_| invalid())?;
    Ok(Cursor {
        updated_at,
        id: id.to_string(),
    })
}

fn encode(cursor: &Cursor) -> String {
    let text = match cursor.updated_at {
        Some(at) => format!("{}|{}", at.and_utc().timestamp_micros(), cursor.id),
        None => cursor.id.clone(),
    };
    URL_SAFE_NO_PAD.encode(text)
}

/// A page of items and the cursor of the next one (`null` on the last page).
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A row that was deleted, as a syncing client sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Tombstone {
    pub id: Uuid,
    /// Always `true`.
    pub deleted: bool,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

/// An item of a list: the resource, or the tombstone of a deleted one.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Entry<T: ToSchema> {
    Live(T),
    Deleted(Tombstone),
}

/// Cuts the `limit + 1` rows a store returned into a page of entries.
pub fn page<R, T, F>(mut rows: Vec<R>, window: &Window, render: F) -> ApiResult<Page<Entry<T>>>
where
    R: Listed,
    T: ToSchema,
    F: Fn(R) -> ApiResult<T>,
{
    let limit = usize::try_from(window.limit).unwrap_or(usize::MAX);
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|last| {
            encode(&Cursor {
                updated_at: window.since.map(|_| last.updated_at()),
                id: last.id().to_string(),
            })
        })
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|row| match row.deleted_at() {
            Some(_) => Ok(Entry::Deleted(Tombstone {
                id: Uuid::parse_str(row.id()).map_err(ApiError::internal)?,
                deleted: true,
                updated_at: row.updated_at().and_utc(),
            })),
            None => render(row).map(Entry::Live),
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Page { items, next_cursor })
}

/// Answers a list request: the user's rows that `load` reads, cut to a page and rendered; or the
/// same page again, from the page cache, while the user's data has not changed.
pub async fn respond<R, T, L, F>(
    state: &AppState,
    req: &HttpRequest,
    user: &AuthUser,
    window: Window,
    load: L,
    render: F,
) -> ApiResult<HttpResponse>
where
    R: Listed + Send + 'static,
    T: ToSchema + Serialize,
    L: FnOnce(&mut DbConnection, &str, &Window) -> ApiResult<Vec<R>> + Send + 'static,
    F: Fn(R) -> ApiResult<T>,
{
    let render_page = async {
        let owner = user.key();
        let rows = {
            let window = window.clone();
            db::run(&state.pool, move |conn| load(conn, &owner, &window)).await?
        };
        page(rows, &window, render)
    };
    state.pages.serve(user, req, render_page).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(limit: Option<u32>, cursor: Option<&str>, since: bool) -> ListQuery {
        ListQuery {
            limit,
            cursor: cursor.map(str::to_string),
            updated_since: since.then(Utc::now),
        }
    }

    #[test]
    fn limits_default_and_clamp() {
        assert_eq!(query(None, None, false).window().expect("ok").limit, 50);
        assert_eq!(
            query(Some(1000), None, false).window().expect("ok").limit,
            200
        );
        assert!(query(Some(0), None, false).window().is_err());
    }

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let id = Uuid::now_v7().to_string();
        let plain = encode(&Cursor {
            updated_at: None,
            id: id.clone(),
        });
        assert_eq!(decode(&plain, false).expect("plain").id, id);
        assert!(
            decode(&plain, true).is_err(),
            "a list cursor is not a sync cursor"
        );
        let at = clock::naive(clock::now());
        let sync = encode(&Cursor {
            updated_at: Some(at),
            id: id.clone(),
        });
        assert_eq!(decode(&sync, true).expect("sync").updated_at, Some(at));
        for bad in ["", "!!", "bm90LWEtdXVpZA"] {
            assert!(decode(bad, false).is_err(), "{bad}");
        }
    }
}
