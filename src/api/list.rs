//! Lists: `limit` (default 50, at most 200), an opaque `cursor`, and `updated_since` for syncing.
//!
//! Without `updated_since` a list walks live rows in id order (UUIDv7: creation order), so rows
//! added during a walk come at its end and every row is seen exactly once. With it, the list walks
//! rows changed after that instant in `(updated_at, id)` order, deletions included as tombstones.

use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::window::{Cursor, Listed, Window};
use crate::views::{Paged, Tombstone};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// A cursor as the document states it: the last id of a page, after the microsecond of its
/// change when the list is a sync (`updated_since`).
pub const CURSOR_PATTERN: &str =
    "^(?:[0-9]{1,18}\\.)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Page size, 1 to 200; 50 when left out.
    #[param(minimum = 1, maximum = 200, example = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` from the previous page, as it came; leave it out for the first page.
    /// Any value of this shape is a position in the list, so a stale cursor never fails.
    #[param(schema_with = cursor_schema)]
    pub cursor: Option<String>,
    /// Only what changed after this instant, deletions included as `{id, deleted: true}`.
    pub updated_since: Option<crate::domain::Instant>,
}

impl ListQuery {
    /// The window these ask for; a 422 naming each of `limit` and `cursor` that is wrong.
    pub fn window(&self) -> ApiResult<Window> {
        let limit = match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(_) => Err(FieldError::parameter(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            )),
        };
        let since = self.updated_since.map(|t| t.0);
        let after = self.cursor.as_deref().map(|c| decode(c, since)).transpose();
        match (limit, after) {
            (Ok(limit), Ok(after)) => Ok(Window {
                limit: i64::from(limit),
                after,
                since,
            }),
            (limit, after) => Err(ApiError::Validation(
                [limit.err(), after.err()].into_iter().flatten().collect(),
            )),
        }
    }
}

fn cursor_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .pattern(Some(CURSOR_PATTERN))
        .examples([serde_json::json!("0192f5a0-7b7a-7cc3-a0a1-3f6a1e2b4c5d")])
        .build()
}

/// Reads a cursor of `CURSOR_PATTERN`'s shape. A plain list uses only its id; a sync list
/// without the microsecond starts after that id at `updated_since` itself.
fn decode(cursor: &str, since: Option<DateTime<Utc>>) -> Result<Cursor, FieldError> {
    let invalid = || FieldError::parameter("cursor", "is not a cursor from this list");
    let (micros, id) = match cursor.split_once('.') {
        Some((micros, id)) => (Some(micros), id),
        None => (None, cursor),
    };
    if !canonical_uuid(id) {
        return Err(invalid());
    }
    let micros = match micros {
        Some(m) if is_digits(m, 18) => Some(m.parse::<i64>().map_err(|_| invalid())?),
        Some(_) => return Err(invalid()),
        None => None,
    };
    let updated_at = match (since, micros) {
        (None, _) => None,
        (Some(since), None) => Some(since),
        (Some(_), Some(micros)) => {
            Some(DateTime::from_timestamp_micros(micros).ok_or_else(invalid)?)
        }
    };
    Ok(Cursor {
        updated_at,
        id: id.to_string(),
    })
}

fn is_digits(text: &str, max: usize) -> bool {
    (1..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// A UUID in the one spelling the server writes: lower-case hex, hyphenated.
fn canonical_uuid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

fn encode(cursor: &Cursor) -> String {
    match cursor.updated_at {
        Some(at) => format!("{}.{}", at.timestamp_micros(), cursor.id),
        None => cursor.id.clone(),
    }
}

/// Cuts the `limit + 1` rows a store returned into a page: each live row rendered as the
/// resource, each deleted one as its tombstone.
pub fn page<P, R>(mut rows: Vec<R>, window: &Window) -> ApiResult<P>
where
    P: Paged,
    R: Listed + Into<P::Resource>,
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
            Some(_) => {
                let id = Uuid::parse_str(row.id()).map_err(ApiError::internal)?;
                Ok(Tombstone::new(id, row.updated_at()).into())
            }
            None => Ok(P::Item::from(row.into())),
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(P::new(items, next_cursor))
}

/// Answers a list request: the page of the rows `load` reads, or the same page again, from the
/// page cache, while the user's data has not changed.
pub async fn respond<P, R, F>(
    state: &AppState,
    req: &HttpRequest,
    user: &AuthUser,
    window: Window,
    load: F,
) -> ApiResult<HttpResponse>
where
    P: Paged + Serialize,
    R: Listed + Into<P::Resource>,
    F: Future<Output = crate::service::Result<Vec<R>>>,
{
    let render_page = async {
        let rows = load.await?;
        page::<P, R>(rows, &window)
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
            updated_since: since.then(|| crate::domain::Instant(Utc::now())),
        }
    }

    #[test]
    fn limits_default_and_are_bounded() {
        assert_eq!(query(None, None, false).window().expect("ok").limit, 50);
        assert_eq!(
            query(Some(200), None, false).window().expect("ok").limit,
            200
        );
        assert!(query(Some(201), None, false).window().is_err());
        assert!(query(Some(0), None, false).window().is_err());
    }

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let id = Uuid::now_v7().to_string();
        let plain = encode(&Cursor {
            updated_at: None,
            id: id.clone(),
        });
        assert_eq!(decode(&plain, None).expect("plain").id, id);
        let at = crate::clock::truncate(Utc::now());
        let sync = encode(&Cursor {
            updated_at: Some(at),
            id: id.clone(),
        });
        assert_eq!(decode(&sync, Some(at)).expect("sync").updated_at, Some(at));
        // A cursor of the other kind is still a position: the id, or the id at `updated_since`.
        assert_eq!(decode(&sync, None).expect("id part").updated_at, None);
        assert_eq!(
            decode(&plain, Some(at)).expect("at since").updated_at,
            Some(at)
        );
        for bad in [
            "",
            "!!",
            "bm90LWEtdXVpZA",
            &id.to_uppercase(),
            &format!("x.{id}"),
        ] {
            assert!(decode(bad, None).is_err(), "{bad}");
        }
    }

    /// The published pattern accepts exactly the cursors `decode` reads.
    #[test]
    fn the_pattern_is_the_decoder() {
        let pattern = jsonschema::validator_for(&serde_json::json!({"pattern": CURSOR_PATTERN}))
            .unwrap_or_else(|e| panic!("{e}"));
        let id = Uuid::now_v7().to_string();
        for cursor in [
            id.clone(),
            format!("1.{id}"),
            format!("123456789012345678.{id}"),
            format!("1234567890123456789.{id}"),
            id.to_uppercase(),
            format!(".{id}"),
            format!("{id}x"),
            id.replace('-', ""),
            "0".into(),
        ] {
            assert_eq!(
                pattern.is_valid(&serde_json::json!(cursor)),
                decode(&cursor, Some(crate::clock::truncate(Utc::now()))).is_ok(),
                "{cursor}"
            );
        }
    }
}
