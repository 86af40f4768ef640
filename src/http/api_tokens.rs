//! API tokens at the door: a request that carries one (`Authorization: Bearer fu_…`) is checked
//! before any handler, rate limit or idempotency key sees it. The token must exist and be
//! unexpired (401 otherwise), and hold the scope the route asks for (`auth::scope::access`;
//! 403 naming it otherwise). The caller it names is then the request's `AuthUser`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};

use crate::auth::AuthUser;
use crate::auth::extractor::bearer;
use crate::auth::scope::{Access, access};
use crate::auth::token::{API_TOKEN_PREFIX, digest};
use crate::error::ApiError;
use crate::http::route;
use crate::service::Service;
use crate::store::api_tokens;

pub async fn check_api_tokens(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let secret = match bearer(req.headers()) {
        Ok(token) if token.starts_with(API_TOKEN_PREFIX) => token.to_string(),
        _ => return Ok(next.call(req).await?.map_into_boxed_body()),
    };
    // An unrouted path is the fallback's 404 or 405, whoever asks.
    let Some(pattern) = route::pattern(&req) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let needs = access(req.method(), &pattern);
    let Some(service) = req.app_data::<web::Data<Service>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if needs == Access::Public {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    match admit(&service, &secret, needs).await {
        Ok(user) => {
            req.extensions_mut().insert(user);
            Ok(next.call(req).await?.map_into_boxed_body())
        }
        Err(err) => Ok(req.error_response(err)),
    }
}

/// The token's owner, when the token may do what `needs` asks.
async fn admit(service: &Service, secret: &str, needs: Access) -> Result<AuthUser, ApiError> {
    let hash = digest(secret);
    let token = service
        .read(move |conn| Ok(api_tokens::find_by_hash(conn, &hash)?))
        .await?;
    let now = service.clock().now();
    let token = token.filter(|t| !t.expired(now)).ok_or_else(|| {
        ApiError::Unauthorized("This API token is unknown, revoked or expired".into())
    })?;
    match needs {
        Access::Session => {
            return Err(ApiError::Forbidden(
                "API tokens cannot manage tokens, webhooks, the calendar feed, the password or \
                 the account: sign in for that"
                    .into(),
            ));
        }
        Access::Scope(scope) if !token.scopes.contains(scope) => {
            return Err(ApiError::Forbidden(format!(
                "This API token lacks the scope `{scope}`"
            )));
        }
        Access::Scope(_) | Access::Public => {}
    }
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
