//! HTTP plumbing shared by every resource: body and query extractors whose failures speak
//! problem+json, the reusable error responses of the OpenAPI document, the 404/405 fallback,
//! the safety net that turns any non-problem error into one, and the request log.

pub mod api_tokens;
pub mod caller;
pub mod client_addr;
pub mod conditional;
pub mod cors;
pub mod elements;
pub mod extract;
pub mod fallback;
pub mod idempotency;
pub mod page_cache;
pub mod public_url;
pub mod request_log;
pub mod responses;
pub mod route;
pub mod security_headers;
pub mod write_limit;
