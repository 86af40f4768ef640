//! The route a request is for, as the router matches it. The router reads the path with its
//! percent-encoding undone (`/v1/%74okens` is `/v1/tokens`), so every decision made about a route
//! before routing (scopes, the write limit, idempotency, the request log) asks here for the
//! registered pattern (`/v1/tasks/{id}`) instead of reading the raw path.

use std::rc::Rc;

use actix_web::HttpMessage;
use actix_web::dev::ServiceRequest;

/// The matched pattern, found once per request and kept in its extensions.
#[derive(Clone)]
struct Matched(Option<Rc<str>>);

/// The registered pattern the request's path matches, or `None` when no route does (the
/// fallback's 404 or 405).
pub fn pattern(req: &ServiceRequest) -> Option<Rc<str>> {
    if let Some(Matched(found)) = req.extensions().get::<Matched>() {
        return found.clone();
    }
    let found: Option<Rc<str>> = req
        .resource_map()
        .match_pattern(decoded_path(req))
        .map(Rc::from);
    req.extensions_mut().insert(Matched(found.clone()));
    found
}

/// The path as the router reads it: unreserved characters decoded, `%2F` and the like kept.
pub fn decoded_path(req: &ServiceRequest) -> &str {
    req.match_info().get_ref().path()
}
