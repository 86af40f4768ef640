//! Liveness and readiness probes for orchestrators and load balancers.

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Liveness probe.
///
/// Answers 200 while the process runs, without touching the database. For orchestrators'
/// liveness checks.
#[utoipa::path(tag = "ops", responses((status = 200, body = Health, description = "The process is alive")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Readiness probe.
///
/// Answers 200 when the database answers a query, 503 otherwise. For load balancers: send
/// traffic only to ready instances.
#[utoipa::path(
    tag = "ops",
    responses(
        (status = 200, body = Health, description = "The database answers"),
        (status = 503, response = crate::http::responses::Unavailable),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    state
        .service
        .read(|conn| Ok(conn.batch_execute("SELECT 1")?))
        .await?;
    Ok(HttpResponse::Ok().json(Health { status: "ready" }))
}
