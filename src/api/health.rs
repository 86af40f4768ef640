//! Liveness and readiness probes for orchestrators and load balancers.

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is alive.
#[utoipa::path(tag = "ops", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers; 503 otherwise.
#[utoipa::path(
    tag = "ops",
    responses(
        (status = 200, body = Health),
        (status = 503, response = crate::http::responses::Unavailable),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    db::run(&state.pool, |conn| Ok(conn.batch_execute("SELECT 1")?)).await?;
    Ok(HttpResponse::Ok().json(Health { status: "ready" }))
}
