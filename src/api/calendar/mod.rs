//! The calendar feed: `GET /v1/calendar.ics?token=…` serves the user's open tasks to phone and
//! desktop calendars, which cannot send headers, hence a token in the URL that opens nothing
//! but this feed. `POST /v1/me/calendar-token` makes or rotates it; `DELETE` stops the feed.

pub mod feed;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::AuthUser;
use crate::auth::token::FEED_TOKEN_PREFIX;
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::{IfNoneMatch, body_etag, names};
use crate::http::extract::Query;
use crate::service::calendar as service;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FeedQuery {
    /// The feed token from `POST /v1/me/calendar-token`.
    #[param(pattern = "^fucal_[A-Za-z0-9_-]{43}$")]
    pub token: String,
}

/// The feed's address, with its token: shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedToken {
    /// Subscribe to this in your calendar app (Google Calendar: "From URL").
    #[schema(
        example = "https://followup.example/v1/calendar.ics?token=fucal_q8Jm0v3cB1uT2kQx9sZ4nW7yR5pL6aE0dF3gH1jK2lM"
    )]
    pub url: String,
    #[schema(example = "fucal_q8Jm0v3cB1uT2kQx9sZ4nW7yR5pL6aE0dF3gH1jK2lM")]
    pub token: String,
    pub created_at: crate::views::Rfc3339,
}

/// Your tasks as a calendar.
///
/// An iCalendar (RFC 5545) feed of your open tasks: a `VEVENT` at each task's due time, in UTC,
/// whose `UID` stays with the task and whose `SEQUENCE` grows when it changes; the description
/// holds why the task exists and its draft. Tasks cancelled or deleted in the last 30 days are
/// `STATUS:CANCELLED`, so calendars remove them. Tasks without a due time are left out. Send
/// `If-None-Match` with the `ETag` you hold: 304 when nothing changed.
#[utoipa::path(
    tag = "calendar",
    params(FeedQuery, IfNoneMatch),
    responses(
        (status = 200, description = "The feed", content_type = "text/calendar", body = String,
            headers(
                ("ETag" = String, description = "A strong tag of the feed's bytes, for `If-None-Match`"),
                ("Cache-Control" = String, description = "`private, no-cache`: ask again, cheaply with `If-None-Match`"),
            )),
        (status = 304, description = "Not modified: the feed you hold is the current one"),
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[get("/v1/calendar.ics")]
pub async fn calendar_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: Query<FeedQuery>,
) -> ApiResult<HttpResponse> {
    let secret = query.0.token;
    if !is_feed_token(&secret) {
        return Err(ApiError::parameter(
            "token",
            "must be the feed token from POST /v1/me/calendar-token",
        ));
    }
    let tasks = service::feed(&state.service, &secret).await?;
    let body = feed::render(&tasks);
    let tag = body_etag(body.as_bytes());
    if names(&req, &tag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::ETAG, tag))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .body(body))
}

/// The shape `FeedQuery` documents: the prefix, then 32 random bytes in unpadded base64url.
fn is_feed_token(text: &str) -> bool {
    text.strip_prefix(FEED_TOKEN_PREFIX).is_some_and(|rest| {
        rest.len() == 43
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// Make or rotate your calendar feed's address.
///
/// Returns the feed's URL with a new token, shown once; the previous address stops working at
/// once. The token opens the feed and nothing else. A session only. The URL starts with the
/// server's public address (`FOLLOWUP_PUBLIC_URL`, or what a trusted proxy says), never with a
/// host a caller names.
#[utoipa::path(
    tag = "calendar",
    responses(
        (status = 200, body = FeedToken, description = "The feed's new address",
            headers(("Cache-Control" = String, description = "Always `no-store`: the reply holds a secret"))),
    )
)]
#[post("/v1/me/calendar-token")]
pub async fn rotate_calendar_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    let (secret, now) = service::rotate(&state.service, user.key()).await?;
    let base = crate::http::public_url::base(&req, &state.config);
    let url = format!("{base}/v1/calendar.ics?token={secret}");
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(FeedToken {
            url,
            token: secret,
            created_at: crate::views::Rfc3339(now),
        }))
}

/// Stop your calendar feed.
///
/// Its address stops working; `POST` makes a new one.
#[utoipa::path(
    tag = "calendar",
    responses(
        (status = 204, description = "The feed is stopped"),
        (status = 404, response = crate::http::responses::NotFound),
    )
)]
#[delete("/v1/me/calendar-token")]
pub async fn stop_calendar_feed(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    service::stop(&state.service, user.key()).await?;
    Ok(HttpResponse::NoContent().finish())
}
