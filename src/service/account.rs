//! The account as a whole: its profile, its password, ending its sessions and credentials,
//! everything it holds as one export, and closing it.

use std::net::IpAddr;

use crate::auth::password;
use crate::domain::{FieldError, Id, Invalid, Password};
use crate::service::sessions::{Issued, Sessions, issue};
use crate::service::{Error, Result, Service};
use crate::store::account::{self, Stored};
use crate::store::users::{self, User, UserChanges};
use crate::store::{api_tokens, calendar_feeds, refresh_tokens};

pub async fn get(service: &Service, user: Id) -> Result<User> {
    service
        .read_as(user, move |conn| users::find(conn, &user)?.ok_or_else(gone))
        .await
}

/// Changes the profile: drafts restate the strengths, and calls follow the time zone, so the
/// plan is redone. A change that changes nothing writes nothing.
pub async fn update(service: &Service, user: Id, changes: UserChanges) -> Result<User> {
    let current = get(service, user).await?;
    if changes.changes_nothing(&current) {
        return Ok(current);
    }
    service
        .planned_write(user, move |conn| Ok(users::update(conn, &user, &changes)?))
        .await
}

/// Ends every session; with `everything`, every API token and the calendar feed too.
pub async fn end_sessions(service: &Service, user: Id, everything: bool) -> Result<()> {
    let now = service.clock().now();
    service
        .write_session_as(user, move |conn| {
            refresh_tokens::revoke_user(conn, &user, now)?;
            if everything {
                api_tokens::delete_all(conn, &user)?;
                calendar_feeds::remove(conn, &user)?;
            }
            Ok(())
        })
        .await
}

/// Checks `password` against the account, throttled as a login is: a stolen access token must
/// not become a way to guess the password. A wrong one is an invalid `field`.
pub async fn confirm(
    sessions: Sessions<'_>,
    client: IpAddr,
    user: Id,
    given: String,
    field: &'static str,
) -> Result<User> {
    let account = get(sessions.service, user).await?;
    sessions.throttle.request(client).await?;
    let attempt = sessions.throttle.attempt(&account.email, client).await?;
    let stored = Some(account.password_hash.clone());
    if !password::verify_off_thread(given, stored).await? {
        sessions.throttle.failed(&attempt).await?;
        return Err(Error::Invalid(Invalid(vec![FieldError::new(
            field,
            "is not the account's password",
        )])));
    }
    sessions.throttle.succeeded(&attempt).await?;
    Ok(account)
}

/// Sets a new password: every other session ends, this one goes on with the tokens returned.
pub async fn change_password(
    sessions: Sessions<'_>,
    client: IpAddr,
    user: Id,
    current: String,
    new: Password,
) -> Result<Issued> {
    confirm(sessions, client, user, current, "current_password").await?;
    let hash = password::hash_off_thread(new).await?;
    let now = sessions.service.clock().now();
    let family = sessions.start(now)?;
    let (jwt, ttl) = (sessions.jwt.clone(), sessions.refresh_ttl()?);
    sessions
        .service
        .write(user, move |conn| {
            users::set_password(conn, &user, &hash, now)?;
            refresh_tokens::revoke_user(conn, &user, now)?;
            let account = users::find(conn, &user)?.ok_or_else(gone)?;
            issue(conn, &jwt, ttl, account, &family, now)
        })
        .await
}

/// Everything the account holds, read at once.
pub async fn export(service: &Service, user: Id) -> Result<(User, Stored, crate::rules::Settings)> {
    service
        .read_as(user, move |conn| {
            let account = users::find(conn, &user)?.ok_or_else(gone)?;
            let stored = account::export(conn, &user)?;
            let settings = super::settings::load(conn, &user)?;
            Ok((account, stored, settings))
        })
        .await
}

/// Deletes every row of the account, after the password; how many rows went.
pub async fn close(
    sessions: Sessions<'_>,
    client: IpAddr,
    user: Id,
    password: String,
) -> Result<usize> {
    confirm(sessions, client, user, password, "password").await?;
    let removed = sessions
        .service
        .write(user, move |conn| Ok(account::delete(conn, &user)?))
        .await?;
    sessions.jwt.close_account(user.uuid());
    Ok(removed)
}

fn gone() -> Error {
    crate::auth::AuthError::Unauthorized("This account no longer exists".into()).into()
}
