//! The user's own dictionary: words the proofreader takes as spelled right for them. Nothing
//! the engine plans from, so no write here re-plans.

use crate::domain::Id;
use crate::service::{Error, Result, Service};
use crate::store::quota::Quota;
use crate::store::words::{self, UserWord};

pub async fn list(service: &Service, user: Id) -> Result<Vec<UserWord>> {
    service
        .read_as(user, move |conn| Ok(words::of_user(conn, &user)?))
        .await
}

/// Adds `word` (checked already): it, and whether it is new.
pub async fn add(service: &Service, user: Id, word: String) -> Result<(UserWord, bool)> {
    let now = service.clock().now();
    let quotas = service.quotas();
    service
        .write_session_as(user, move |conn| {
            if let Some(known) = words::of_user(conn, &user)?
                .into_iter()
                .find(|w| w.word == word)
            {
                return Ok((known, false));
            }
            quotas.check(conn, &user, Quota::Words)?;
            Ok(words::add(conn, &user, &word, now)?)
        })
        .await
}

/// Removes `word`; 404 when the user had no such word.
pub async fn remove(service: &Service, user: Id, word: String) -> Result<()> {
    service
        .write_session_as(user, move |conn| {
            if words::remove(conn, &user, &word)? {
                Ok(())
            } else {
                Err(Error::NotFound(format!(
                    "\"{word}\" is not one of your words"
                )))
            }
        })
        .await
}
