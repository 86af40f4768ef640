//! `/problems/{name}`: what each problem `type` means and what to do about it. RFC 9457 asks that
//! a problem type, dereferenced, document itself; a client author who meets `/problems/busy` in
//! a log can open it. The pages are static, public and cacheable, and read no database.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;

/// Each problem type: its name, the status it comes with, and what it means and what to do.
pub const TYPES: &[(&str, u16, &str)] = &[
    (
        "validation",
        422,
        "Fields of the request, or parameters of its query, do not fit. `errors` names each \
         one with why (and, for a body, its JSON Pointer); every field found wrong is named at \
         once. Nothing was changed: fix them and send again.",
    ),
    (
        "bad-request",
        400,
        "The request could not be read: malformed JSON, an empty body, or a CORS preflight the \
         server refuses. `detail` says which.",
    ),
    (
        "unauthorized",
        401,
        "No valid bearer token came with the request. Sign in (`POST /v1/auth/login`) or \
         refresh (`POST /v1/auth/refresh`), then send `Authorization: Bearer` and the access \
         token. `GET /v1/tokens/current` takes an API token only: a session's token gets this \
         there however fresh it is.",
    ),
    (
        "forbidden",
        403,
        "Signed in, but not allowed: the API token lacks the scope the operation takes (`detail` \
         names it), or the operation is for a signed-in session only.",
    ),
    (
        "not-found",
        404,
        "Nothing of yours is there. Another user's resource is not found either.",
    ),
    (
        "method-not-allowed",
        405,
        "The path exists, not with this method: `Allow` lists the ones it takes.",
    ),
    (
        "conflict",
        409,
        "The request contradicts what is stored: a task already done, an email taken, a posting \
         saved already (`Location` then names the application that holds it). `errors` names \
         the field when one is at fault.",
    ),
    (
        "quota-exceeded",
        409,
        "The account holds as many of this kind as it may (the README lists the quotas): \
         delete some to add more.",
    ),
    (
        "precondition-failed",
        412,
        "`If-Match` names a version the resource has moved on from. Read it again (its `ETag`), \
         apply your change to what it is now, and send that with the new tag.",
    ),
    (
        "idempotency-key-reused",
        422,
        "This `Idempotency-Key` came first with another method, path, query or body. A new \
         request takes a new key.",
    ),
    (
        "idempotency-key-in-flight",
        409,
        "The first request with this `Idempotency-Key` is still running: wait for it, then \
         retry with the same key to get its reply.",
    ),
    (
        "payload-too-large",
        413,
        "The request body is larger than the server takes; `detail` says how large it may be.",
    ),
    (
        "unsupported-media-type",
        415,
        "The body is of a type the operation does not take: send `Content-Type: \
         application/json` (or `text/vcard` where a person's card is taken).",
    ),
    (
        "not-acceptable",
        406,
        "`Accept` names only representations the server cannot make; `detail` names those it \
         can.",
    ),
    (
        "rate-limited",
        429,
        "Too many requests: wait `Retry-After` seconds. Writes carry `RateLimit` headers that \
         say how many are left.",
    ),
    (
        "unavailable",
        503,
        "The database does not answer at the moment. Nothing was changed; retry after \
         `Retry-After` seconds.",
    ),
    (
        "loading",
        503,
        "A part of the server that loads on first use (the proofreader) is loading; nothing \
         went wrong. Retry after `Retry-After` seconds.",
    ),
    (
        "busy",
        503,
        "A part of the server that runs a bounded number of jobs at once (the proofreader) is \
         full. Retry after `Retry-After` seconds.",
    ),
    (
        "internal",
        500,
        "Something went wrong on the server's side. It is logged with the request's \
         `X-Request-Id`; quote that when you report it.",
    ),
];

/// What a problem type means.
///
/// The page a problem's `type` names (`/problems/validation`): what the problem means and what
/// to do about it.
#[utoipa::path(
    tag = "ops",
    params(("name" = String, Path, description = "The problem type's name, the end of its `type`", pattern = "^[a-z-]{1,40}$")),
    responses(
        (status = 200, description = "The page", content_type = "text/html", body = String),
        (status = 404, response = crate::http::responses::NotFound),
    )
)]
#[get("/problems/{name}")]
pub async fn problem_type(name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let name = name.into_inner();
    let Some((name, status, about)) = TYPES.iter().find(|(n, _, _)| *n == name) else {
        return Err(ApiError::NotFound(format!(
            "No problem type is called {name:?}: the names are {}",
            TYPES
                .iter()
                .map(|(n, _, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>/problems/{name}</title></head><body>\n\
         <h1><code>/problems/{name}</code></h1>\n<p>Answered with status {status}.</p>\n\
         <p>{}</p>\n</body></html>\n",
        code_spans(about)
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(page))
}

/// The text with its `backquoted` spans as `<code>`; the texts are ours and hold no markup.
fn code_spans(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.replace('&', "&amp;").replace('<', "&lt;");
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError;

    use super::*;
    use crate::error::FieldError;

    /// Every error the API answers names a type with a page, at the status the page gives.
    #[test]
    fn every_problem_type_has_its_page() {
        let errors = [
            ApiError::Validation(vec![FieldError::new("a", "b")]),
            ApiError::BadRequest("x".into()),
            ApiError::Unauthorized("x".into()),
            ApiError::Forbidden("x".into()),
            ApiError::NotFound("x".into()),
            ApiError::MethodNotAllowed { allow: Vec::new() },
            ApiError::Conflict {
                field: None,
                detail: "x".into(),
                location: None,
            },
            ApiError::QuotaExceeded { what: "x", max: 1 },
            ApiError::PreconditionFailed,
            ApiError::IdempotencyKeyReused,
            ApiError::IdempotencyKeyInFlight,
            ApiError::PayloadTooLarge { limit: 1 },
            ApiError::UnsupportedMediaType("x".into()),
            ApiError::NotAcceptable("x".into()),
            ApiError::TooManyRequests {
                retry_after_secs: 1,
            },
            ApiError::Unavailable("x".into()),
            ApiError::Loading {
                what: "x",
                retry_after_secs: 1,
            },
            ApiError::Busy {
                what: "x",
                retry_after_secs: 1,
            },
            ApiError::Internal("x".into()),
        ];
        for error in &errors {
            let problem = error.to_problem();
            let name = problem.problem_type.trim_start_matches("/problems/");
            let page = TYPES.iter().find(|(n, _, _)| *n == name);
            assert_eq!(
                page.map(|(_, status, _)| *status),
                Some(error.status_code().as_u16()),
                "{name}"
            );
        }
        assert_eq!(errors.len(), TYPES.len(), "a page no error names");
    }

    #[test]
    fn backquotes_become_code() {
        assert_eq!(
            code_spans("send `If-Match` & <retry>"),
            "send <code>If-Match</code> &amp; &lt;retry>"
        );
    }
}
