//! Reusable error responses for the OpenAPI document, so every operation lists its errors with the
//! problem schema and the headers that come with them.
#![allow(dead_code)]

use utoipa::{IntoResponses, ToResponse};

use crate::error::Problem;

/// Malformed request: the body is not JSON, or cannot be read.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct BadRequest(Problem);

/// Missing, malformed, expired or revoked credentials.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("WWW-Authenticate" = String, description = "Always `Bearer`"))
)]
pub struct Unauthorized(Problem);

/// Signed in, but not allowed: an API token without the scope this operation takes (the detail
/// names it), or an API token on an operation only a session may call.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Forbidden(Problem);

/// The resource does not exist, or belongs to someone else.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct NotFound(Problem);

/// The request conflicts with the current state: for example an email already registered, a
/// task already finished, or an account limit reached (`/problems/quota-exceeded`).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Conflict(Problem);

/// The posting is saved already (`errors` names `posting_url`), or an account limit is reached
/// (`/problems/quota-exceeded`). For a posting, `Location` points at the application that holds
/// it: fetch that instead of saving again.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("Location" = String, description = "The application that saved this posting"))
)]
pub struct PostingSaved(Problem);

/// The body is larger than the server accepts.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct PayloadTooLarge(Problem);

/// The body is not sent as `application/json`.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct UnsupportedMediaType(Problem);

/// `Accept` names only representations the operation cannot make (a vCard version other than
/// 3.0 or 4.0).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct NotAcceptable(Problem);

/// Some fields are invalid; `errors` lists each with its message.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Unprocessable(Problem);

/// Too many attempts; wait for `Retry-After` seconds.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
)]
pub struct TooManyRequests(Problem);

/// Too many writes from this account, or too many attempts; wait for `Retry-After` seconds.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(
        ("Retry-After" = u64, description = "Seconds to wait before trying again"),
        ("RateLimit" = String, description = "Writes left now and seconds until the allowance is full again: `\"writes\";r=0;t=30`"),
        ("RateLimit-Policy" = String, description = "The write limit: `\"writes\";q=200;w=100` (a burst of q, refilled over w seconds)"),
    )
)]
pub struct RateLimited(Problem);

/// The database does not answer; the server reconnects by itself, so retry after `Retry-After`.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
)]
pub struct Unavailable(Problem);

/// The proofreader is loading (`/problems/loading`: it loads on the first check unless the
/// server loads it at start), busy (`/problems/busy`: it runs as many checks at once as the
/// server has cores, and a check that waited a moment for one gives up), or the database does
/// not answer (`/problems/unavailable`); retry after `Retry-After`.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
)]
pub struct ProofreaderLoading(Problem);

/// An unexpected failure; the details are in the server's log, not here.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Internal(Problem);

/// `If-Match` named a version the resource no longer has; fetch it again.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct PreconditionFailed(Problem);

/// The errors every authenticated operation on one resource can answer.
#[derive(IntoResponses)]
pub enum OneResourceErrors {
    #[response(status = 401)]
    Unauthorized(#[ref_response] Unauthorized),
    #[response(status = 404)]
    NotFound(#[ref_response] NotFound),
}

/// The errors of a JSON request body.
#[derive(IntoResponses)]
pub enum BodyErrors {
    #[response(status = 400)]
    BadRequest(#[ref_response] BadRequest),
    #[response(status = 413)]
    PayloadTooLarge(#[ref_response] PayloadTooLarge),
    #[response(status = 415)]
    UnsupportedMediaType(#[ref_response] UnsupportedMediaType),
    #[response(status = 422)]
    Unprocessable(#[ref_response] Unprocessable),
}

/// The errors of a write that honours `If-Match`.
#[derive(IntoResponses)]
pub enum ConditionalErrors {
    #[response(status = 409)]
    Conflict(#[ref_response] Conflict),
    #[response(status = 412)]
    PreconditionFailed(#[ref_response] PreconditionFailed),
}
