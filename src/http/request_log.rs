//! One structured log line per request, with a request id that is also returned in
//! `X-Request-Id` and attached to every log line written while the request runs.

use std::time::Instant;

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub async fn log_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    // A caller's id is kept when it is short and printable, so traces can be joined up.
    let request_id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let method = req.method().to_string();
    // The path only: query strings may carry feed tokens. The route is what the router matched.
    let path = req.path().to_string();
    let route = crate::http::route::pattern(&req).unwrap_or_else(|| "-".into());
    let started = Instant::now();
    let span = tracing::info_span!("request", request_id = %request_id);
    let result = next.call(req).instrument(span.clone()).await;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let _entered = span.enter();
    match result {
        Ok(mut res) => {
            if let Ok(value) = HeaderValue::from_str(&request_id) {
                res.headers_mut().insert(REQUEST_ID, value);
            }
            tracing::info!(%method, %path, %route, status = res.status().as_u16(), elapsed_ms, "request");
            Ok(res)
        }
        Err(err) => {
            tracing::warn!(%method, %path, %route, error = %err, elapsed_ms, "request failed");
            Err(err)
        }
    }
}
