//! The OpenAPI document's frame: info, tags, the bearer security scheme and the shared error
//! components. Paths are collected from the handlers by utoipa-actix-web (see `crate::spec`).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error::{FieldError, Problem};
use crate::http::responses;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "followup",
        description = "Keeps a job seeker's interview follow-up on track: interviews, the people \
met there, references, and a rule engine that turns them into dated follow-up tasks.\n\n\
Sign in with `POST /v1/auth/register` or `/v1/auth/login`, then press **Authorize** and paste \
the `access_token`. Errors are `application/problem+json` (RFC 9457).",
        license(name = "MIT")
    ),
    modifiers(&BearerScheme),
    tags(
        (name = "auth", description = "Accounts and tokens"),
        (name = "me", description = "Your profile"),
        (name = "ops", description = "Health probes"),
    ),
    components(
        schemas(Problem, FieldError),
        responses(
            responses::BadRequest,
            responses::Unauthorized,
            responses::NotFound,
            responses::Conflict,
            responses::PayloadTooLarge,
            responses::UnsupportedMediaType,
            responses::Unprocessable,
            responses::TooManyRequests,
            responses::Unavailable,
            responses::Internal,
        )
    )
)]
pub struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from /v1/auth/login"))
                    .build(),
            ),
        );
    }
}
