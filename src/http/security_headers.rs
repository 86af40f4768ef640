//! Content-Security-Policy: Swagger UI's pages may load their own scripts, styles and images
//! and call this server, nothing else, and no other site may frame them (a framed "Authorize"
//! dialog is a clickjacking target). Every other response is data, which no browser should run
//! or frame either.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

use crate::http::route;

/// For Swagger UI's assets: its bundle, styles, icons (some as `data:` URLs), and requests to
/// this server's document and API. The bundle adds one `<style>` element of its own, allowed by
/// its hash; a new Swagger UI with another one fails the browser test (.ci/contract), which
/// names the hash to put here.
pub const DOCS_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";
/// For everything else: JSON, calendars, problems.
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

pub async fn content_security_policy(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let docs = route::pattern(&req).is_some_and(|p| p.starts_with("/swagger-ui"));
    let mut res = next.call(req).await?;
    let policy = if docs { DOCS_POLICY } else { API_POLICY };
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    Ok(res)
}
