//! The HTTP API: one module per resource, each with its handlers and request/response types.
//! Every handler is registered with `.service(...)` so utoipa-actix-web puts it in the spec.

pub mod auth;
pub mod health;
pub mod me;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(auth::register)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(me::get_me)
        .service(me::update_me)
        .service(health::healthz)
        .service(health::readyz);
}
