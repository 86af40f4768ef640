//! What actix-cors leaves to tidy: it answers a refused preflight in plain text, where every other
//! error of this API is problem+json, and it names the exposed headers on every response, also
//! to an origin it does not allow. Wrapped just outside it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};

use crate::error::ApiError;

pub async fn tidy(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let headers = req.headers();
    let preflight = req.method() == Method::OPTIONS
        && headers.contains_key(header::ORIGIN)
        && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut res = next.call(req).await?.map_into_boxed_body();
    if !res
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    {
        res.headers_mut()
            .remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
    }
    let plain = !res.headers().contains_key(header::CONTENT_TYPE)
        || res
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"text/plain"));
    if !(preflight && res.status() == StatusCode::BAD_REQUEST && plain) {
        return Ok(res);
    }
    let (req, refused) = res.into_parts();
    let why = actix_web::body::to_bytes(refused.into_body())
        .await
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| "the request is not allowed".into());
    let problem = ApiError::BadRequest(format!(
        "CORS preflight refused: {why}. Browsers may call this API only from the origins the \
         server lists (FOLLOWUP_CORS_ORIGINS), with the methods and headers the API uses"
    ));
    Ok(ServiceResponse::new(req, problem.error_response()))
}
