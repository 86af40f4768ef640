//! The time zones the server accepts: a list a client reads, not an enum it compiles in, so a
//! zone added to the IANA database next year reaches a client built today.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::time_zones;
use crate::http::conditional::{IfNoneMatch, body_etag, names};

/// The IANA time zone names this server accepts.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": ["Africa/Abidjan", "America/New_York", "Europe/London"]}))]
pub struct TimeZoneList {
    /// In the IANA database's order; a `TimeZone` field takes exactly these.
    pub items: Vec<&'static str>,
}

/// List the time zones you can choose.
///
/// Every IANA name this server accepts wherever a `TimeZone` goes (`time_zone`,
/// `employer_time_zone`), so a client can offer them without a list of its own. It changes only
/// when the server is upgraded; send `If-None-Match` with the `ETag` you hold.
#[utoipa::path(
    tag = "me",
    params(IfNoneMatch),
    responses(
        (status = 200, body = TimeZoneList, description = "The accepted names",
            headers(("ETag" = String, description = "A strong tag of the list's bytes, for `If-None-Match`"))),
    )
)]
#[get("/v1/time-zones")]
pub async fn list_time_zones(req: HttpRequest) -> HttpResponse {
    static LIST: std::sync::LazyLock<(Vec<u8>, String)> = std::sync::LazyLock::new(|| {
        let list = TimeZoneList {
            items: time_zones().collect(),
        };
        let body = serde_json::to_vec(&list).unwrap_or_default();
        let tag = body_etag(&body);
        (body, tag)
    });
    let (body, tag) = &*LIST;
    if names(&req, tag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, tag.as_str()))
            .finish();
    }
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::ETAG, tag.as_str()))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body.clone())
}
