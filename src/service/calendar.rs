//! The calendar feed: a token in a URL that opens nothing but the user's open tasks as a
//! calendar (phone and desktop calendars cannot send headers).

use chrono::Duration;

use crate::auth::{AuthError, token};
use crate::domain::Id;
use crate::service::{Error, Result, Service};
use crate::store::calendar_feeds;
use crate::store::tasks::{self, Task};

/// How long a cancelled or deleted task stays in the feed as `STATUS:CANCELLED`, so that a
/// calendar that polls rarely still hears of it.
pub const GONE_FOR: Duration = Duration::days(30);

/// The tasks of the feed whose token is `secret`: open ones, and those cancelled or deleted in
/// the last `GONE_FOR`.
pub async fn feed(service: &Service, secret: &str) -> Result<Vec<Task>> {
    let hash = token::digest(secret);
    let since = service.clock().now() - GONE_FOR;
    service
        .read(move |conn| {
            let Some(user) = calendar_feeds::owner(conn, &hash)? else {
                return Err(AuthError::Unauthorized(
                    "This feed token is unknown or was replaced: get the new address from \
                     POST /v1/me/calendar-token"
                        .into(),
                )
                .into());
            };
            Ok(tasks::for_calendar(conn, &user, since)?)
        })
        .await
}

/// Makes or replaces the feed's token; the new secret, shown once.
pub async fn rotate(
    service: &Service,
    user: Id,
) -> Result<(String, chrono::DateTime<chrono::Utc>)> {
    let secret = token::generate(token::FEED_TOKEN_PREFIX)?;
    let hash = token::digest(&secret);
    let now = service.clock().now();
    service
        .write_session_as(user, move |conn| {
            Ok(calendar_feeds::replace(conn, &user, &hash, now)?)
        })
        .await?;
    Ok((secret, now))
}

/// Stops the feed; 404 when there is none.
pub async fn stop(service: &Service, user: Id) -> Result<()> {
    let removed = service
        .write_session_as(user, move |conn| Ok(calendar_feeds::remove(conn, &user)?))
        .await?;
    if removed {
        Ok(())
    } else {
        Err(Error::NotFound("You have no calendar feed".into()))
    }
}
