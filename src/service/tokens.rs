//! API tokens for plugins: made and revoked by a signed-in session, shown once, kept only as a
//! digest, and checked at the door of every request that carries one.

use chrono::{DateTime, Utc};

use crate::auth::scope::{Access, Scopes};
use crate::auth::token::{self, API_TOKEN_PREFIX};
use crate::auth::{AuthError, AuthUser};
use crate::db::Stamp;
use crate::domain::Id;
use crate::service::{Error, Result, Service};
use crate::store::api_tokens::{self, ApiToken, NewApiToken};
use crate::store::new_id;
use crate::store::quota::Quota;

/// A new token: its row, and its secret, which is never shown again.
pub async fn create(
    service: &Service,
    user: Id,
    name: String,
    scopes: Scopes,
    expires_at: Option<DateTime<Utc>>,
) -> Result<(ApiToken, String)> {
    let now = service.clock().now();
    let secret = token::generate(API_TOKEN_PREFIX)?;
    let new = NewApiToken {
        id: new_id(),
        user_id: user,
        name,
        scopes,
        token_hash: token::digest(&secret),
        created_at: Stamp(now),
        expires_at: expires_at.map(Stamp),
    };
    let quotas = service.quotas();
    let row = service
        .write_session_as(user, move |conn| {
            quotas.check(conn, &user, Quota::ApiTokens)?;
            Ok(api_tokens::insert(conn, &new)?)
        })
        .await?;
    Ok((row, secret))
}

pub async fn list(service: &Service, user: Id) -> Result<Vec<ApiToken>> {
    service
        .read_as(user, move |conn| Ok(api_tokens::of_user(conn, &user)?))
        .await
}

/// Revokes a token at once: the next request with it is refused.
pub async fn delete(service: &Service, user: Id, id: Id) -> Result<()> {
    let deleted = service
        .write_session_as(user, move |conn| Ok(api_tokens::delete(conn, &user, &id)?))
        .await?;
    if deleted {
        Ok(())
    } else {
        Err(Error::NotFound("No such token".into()))
    }
}

/// The live token with this secret, whoever asks: unknown, revoked and expired ones are 401.
pub async fn find(service: &Service, secret: &str) -> Result<ApiToken> {
    let hash = token::digest(secret);
    let found = service
        .read(move |conn| Ok(api_tokens::find_by_hash(conn, &hash)?))
        .await?;
    let now = service.clock().now();
    found.filter(|t| !t.expired(now)).ok_or_else(|| {
        AuthError::Unauthorized("This API token is unknown, revoked or expired".into()).into()
    })
}

/// The caller a token stands for, when it may do what `needs` asks; its use is noted (to the
/// minute) on the way.
pub async fn admit(service: &Service, secret: &str, needs: Access) -> Result<AuthUser> {
    let token = find(service, secret).await?;
    match needs {
        Access::Session => {
            return Err(Error::Forbidden(
                "API tokens cannot manage tokens, webhooks, the calendar feed, the password or \
                 the account: sign in for that"
                    .into(),
            ));
        }
        Access::Scope(scope) if !token.scopes.contains(scope) => {
            return Err(Error::Forbidden(format!(
                "This API token lacks the scope `{scope}`"
            )));
        }
        Access::Scope(_) | Access::Public | Access::Token => {}
    }
    let now = service.clock().now();
    if token.use_is_news(now) {
        let id = token.id;
        // Bookkeeping: a failure to note the use must not fail the request.
        if let Err(err) = service
            .write_session(move |conn| Ok(api_tokens::mark_used(conn, &id, now)?))
            .await
        {
            tracing::warn!(error = %err, "could not note an API token's use");
        }
    }
    Ok(AuthUser {
        id: token.user_id.uuid(),
    })
}
