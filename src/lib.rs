//! followup: a JSON API that plans a job seeker's interview follow-up.
//!
//! `app` builds the actix application from an `AppState`; `main.rs` serves it and the
//! integration tests drive the very same application.

pub mod api;
pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
mod instant_text;
pub mod openapi;
pub mod proofread;
pub mod rate;
pub mod rules;
pub mod service;
pub mod state;
pub mod store;
pub mod views;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpResponse, web};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::http::extract::BodyLimit;
use crate::http::fallback::{RouteTable, not_routed, problem_safety_net};
use crate::state::AppState;

pub use crate::config::Config;

const SPEC_PATH: &str = "/api-docs/openapi.json";

/// The OpenAPI document, exactly as the server serves it.
pub fn spec() -> utoipa::openapi::OpenApi {
    let mut spec = App::new()
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .configure(api::routes)
        .split_for_parts()
        .1;
    openapi::document_middleware(&mut spec);
    spec
}

/// The spec as the committed `openapi/openapi.json` holds it.
pub fn spec_json() -> String {
    let mut json = spec().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, mut spec) = App::new()
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .configure(api::routes)
        .split_for_parts();
    openapi::document_middleware(&mut spec);
    let routes = RouteTable::from_openapi(&spec);
    let cors = cors(&state.config.cors_origins);
    app.app_data(web::Data::new(routes))
        .app_data(BodyLimit(state.config.body_limit))
        .app_data(web::PayloadConfig::new(state.config.body_limit))
        .app_data(http::extract::path_config())
        .app_data(web::Data::from(state.jwt.clone()))
        .app_data(web::Data::from(state.write_limiter.clone()))
        .app_data(web::Data::new(state.service.clone()))
        .app_data(web::Data::new(state))
        .service(SwaggerUi::new("/swagger-ui/{_:.*}").url(SPEC_PATH, spec))
        .service(web::resource("/swagger-ui").get(|| async {
            HttpResponse::PermanentRedirect()
                .insert_header(("Location", "/swagger-ui/"))
                .finish()
        }))
        .default_service(web::to(not_routed))
        .wrap(from_fn(http::idempotency::idempotent_posts))
        .wrap(from_fn(http::write_limit::limit_writes))
        .wrap(from_fn(http::api_tokens::check_api_tokens))
        .wrap(problem_safety_net())
        .wrap(cors)
        .wrap(from_fn(http::cors::tidy))
        .wrap(from_fn(http::security_headers::content_security_policy))
        // Browsers must not guess another type than the one sent (a JSON body read as HTML).
        .wrap(DefaultHeaders::new().add((header::X_CONTENT_TYPE_OPTIONS, "nosniff")))
        .wrap(from_fn(http::request_log::log_requests))
}

/// Browser plugins call from their own origins; only the configured ones are allowed.
fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            "authorization",
            "content-type",
            "if-match",
            "if-none-match",
            "idempotency-key",
        ])
        .expose_headers([
            "etag",
            "location",
            "retry-after",
            "x-request-id",
            "ratelimit",
            "ratelimit-policy",
            "idempotent-replayed",
        ])
        .max_age(3600)
}
