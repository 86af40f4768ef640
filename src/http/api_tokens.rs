//! API tokens at the door: a request that carries one (`Authorization: Bearer fu_…`) is checked
//! before any handler, rate limit or idempotency key sees it. The token must exist and be
//! unexpired (401 otherwise), and hold the scope the route asks for (`auth::scope::access`;
//! 403 naming it otherwise). The caller it names is then the request's `AuthUser`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};

use crate::auth::scope::{Access, access};
use crate::auth::token::API_TOKEN_PREFIX;
use crate::error::ApiError;
use crate::http::caller::bearer;
use crate::http::route;
use crate::service::Service;

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
    match crate::service::tokens::admit(&service, &secret, needs).await {
        Ok(user) => {
            req.extensions_mut().insert(user);
            Ok(next.call(req).await?.map_into_boxed_body())
        }
        Err(err) => Ok(req.error_response(ApiError::from(err))),
    }
}
