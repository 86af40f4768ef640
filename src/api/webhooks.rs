//! `/v1/webhooks`: endpoints that hear of changes as they happen, signed as Standard Webhooks
//! specifies and delivered from an outbox (`service::webhooks`). A session only.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::resource::shown;
use crate::auth::AuthUser;
use crate::domain::enums::{EventType, EventTypes};
use crate::domain::{Fields, nullable};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::{IfMatch, created};
use crate::http::extract::Json;
use crate::service::webhooks::endpoints as service;
use crate::service::webhooks::send::Policy;
use crate::state::AppState;
use crate::store::webhooks::{Attempt, Webhook, WebhookChanges};
use crate::views::Rfc3339;

const URL_MAX: usize = 2000;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://93.184.215.14/followup", "events": ["task.created", "task.due"]}))]
pub struct NewEndpoint {
    /// Where to POST events: `https`, on a public address.
    #[schema(
        max_length = 2000,
        format = "uri",
        example = "https://hooks.example.com/followup"
    )]
    pub url: String,
    /// What to send: at least one event type, each named once.
    #[schema(min_items = 1)]
    pub events: Vec<EventType>,
}

/// Fields to change; those left out stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": true}))]
pub struct UpdateEndpoint {
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(max_length = 2000, format = "uri", nullable = false)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(min_items = 1, nullable = false)]
    pub events: Option<Vec<EventType>>,
    /// `true` switches a disabled endpoint back on and clears `disabled_reason`.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub enabled: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EndpointResponse {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<EventType>,
    /// `false` when you switched it off, or when it kept failing.
    pub enabled: bool,
    /// Why it was switched off, when it was by the server.
    #[schema(
        example = "Deliveries failed for 24 hours; the last attempt: the endpoint answered 500"
    )]
    pub disabled_reason: Option<String>,
    pub created_at: Rfc3339,
    pub updated_at: Rfc3339,
}

impl From<Webhook> for EndpointResponse {
    fn from(row: Webhook) -> Self {
        Self {
            id: row.id.uuid(),
            events: row.events.to_vec(),
            url: row.url,
            enabled: row.enabled,
            disabled_reason: row.disabled_reason,
            created_at: Rfc3339(row.created_at),
            updated_at: Rfc3339(row.updated_at),
        }
    }
}

/// An endpoint with its signing secret: the only time the secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct EndpointWithSecret {
    #[serde(flatten)]
    pub endpoint: EndpointResponse,
    /// Verify each delivery with it (Standard Webhooks: `whsec_` and the base64 key).
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EndpointList {
    pub items: Vec<EndpointResponse>,
}

/// One attempt to deliver an event.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryAttempt {
    /// The event's id: the `webhook-id` header, the same on every retry.
    #[schema(example = "msg_0193a5b4c2d17e8f9a0b1c2d3e4f5a6b")]
    pub event_id: String,
    pub event_type: EventType,
    /// 1 for the first try.
    pub attempt: i32,
    pub attempted_at: Rfc3339,
    /// What the endpoint answered; `null` when it did not.
    pub status_code: Option<i32>,
    /// Why the attempt failed; `null` when it succeeded.
    pub error: Option<String>,
    pub duration_ms: i32,
}

impl DeliveryAttempt {
    pub(crate) fn from_row(a: Attempt) -> Self {
        Self {
            event_type: a.event_type,
            event_id: a.event_id,
            attempt: a.attempt,
            attempted_at: Rfc3339(a.attempted_at),
            status_code: a.status_code,
            error: a.error,
            duration_ms: a.duration_ms,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryList {
    /// The latest attempts, newest first (at most 100, from the last 7 days).
    pub items: Vec<DeliveryAttempt>,
}

fn policy(state: &AppState) -> Policy {
    Policy::new(state.config.webhooks)
}

async fn checked_url(state: &AppState, url: &str) -> Result<String, String> {
    if url.chars().count() > URL_MAX {
        return Err(format!("must be at most {URL_MAX} characters"));
    }
    policy(state).check(url).await?;
    Ok(url.to_string())
}

fn invalid(fields: Fields) -> ApiError {
    fields.into_error().into()
}

/// Add a webhook endpoint.
///
/// followup POSTs each event you name to `url` as JSON `{id, type, timestamp, data}`, `data`
/// being the task or interview as the API shows it, signed per Standard Webhooks
/// (`webhook-id`, `webhook-timestamp`, `webhook-signature`). Delivery is at least once: retried
/// with backoff for a day, after which the endpoint is switched off. The URL must be `https` on
/// a public address. The signing secret is shown once. At most 10 per account.
#[utoipa::path(
    tag = "webhooks",
    request_body = NewEndpoint,
    responses(
        (status = 201, body = EndpointWithSecret, description = "The endpoint, with its signing secret shown this once",
            headers(
                ("Location" = String, description = "The endpoint's URL"),
                ("Cache-Control" = String, description = "Always `no-store`: the reply holds a secret"),
            )),
        (status = 409, response = crate::http::responses::Conflict),
    )
)]
#[post("/v1/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<NewEndpoint>,
) -> ApiResult<HttpResponse> {
    let NewEndpoint { url, events } = body.into_inner()?;
    let mut fields = Fields::default();
    let events = fields.check("events", EventTypes::new(events));
    let url = fields.check("url", checked_url(&state, &url).await);
    let (Some(url), Some(events)) = (url, events) else {
        return Err(invalid(fields));
    };
    let (row, secret) = service::create(&state.service, user.key(), url, events).await?;
    let location = format!("/v1/webhooks/{}", row.id);
    let version = row.version;
    let body = EndpointWithSecret {
        endpoint: EndpointResponse::from(row),
        secret,
    };
    let mut response = created(&req, &location, version, &body)?;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// List your webhook endpoints.
///
/// Each with its URL, events, and whether it is on (and if the server switched it off, why);
/// never their secrets.
#[utoipa::path(
    tag = "webhooks",
    responses(
        (status = 200, body = EndpointList, description = "Your endpoints, oldest first; never their secrets"),
    )
)]
#[get("/v1/webhooks")]
pub async fn list_webhooks(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let rows = service::list(&state.service, user.key()).await?;
    Ok(HttpResponse::Ok().json(EndpointList {
        items: rows.into_iter().map(EndpointResponse::from).collect(),
    }))
}

crate::api::resource::read_one! {
    /// Read a webhook endpoint.
    ///
    /// Whether it is on, and if the server switched it off, why. With `If-None-Match` set to the
    /// `ETag` you hold, answers 304 when nothing changed.
    get_webhook: "/v1/webhooks/{id}", tag "webhooks", id "The endpoint's id",
    service::get => EndpointResponse "The endpoint"
}

/// Change a webhook endpoint.
///
/// Its URL, its events, or whether it is on. Switching it back on clears `disabled_reason`;
/// deliveries given up on are not sent again, and tasks that fell due while it was off are not
/// announced.
#[utoipa::path(
    tag = "webhooks",
    request_body = UpdateEndpoint,
    params(
        ("id" = Uuid, Path, description = "The endpoint's id"),
        IfMatch,
    ),
    responses(
        (status = 200, body = EndpointResponse, description = "The endpoint as changed"),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[patch("/v1/webhooks/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<UpdateEndpoint>,
) -> ApiResult<HttpResponse> {
    let UpdateEndpoint {
        url,
        events,
        enabled,
    } = body.into_inner()?;
    let mut fields = Fields::default();
    let events = events.and_then(|e| fields.check("events", EventTypes::new(e)));
    let url = match url {
        Some(url) => fields.check("url", checked_url(&state, &url).await),
        None => None,
    };
    if !fields.is_empty() {
        return Err(invalid(fields));
    }
    let changes = WebhookChanges {
        url,
        events,
        enabled,
        ..WebhookChanges::default()
    };
    let id = id.into_inner().into();
    let row = service::update(&state.service, user.key(), id, if_match.into(), changes).await?;
    Ok(shown::<EndpointResponse, _>(&req, row))
}

crate::api::resource::delete_one! {
    /// Remove a webhook endpoint.
    ///
    /// Its waiting deliveries are dropped.
    delete_webhook: "/v1/webhooks/{id}", tag "webhooks", id "The endpoint's id",
    service::delete, 409 Conflict
}

/// Replace an endpoint's signing secret.
///
/// Returns the new secret, once; deliveries from now on are signed with it only.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    responses(
        (status = 200, body = EndpointWithSecret, description = "The endpoint with its new secret",
            headers(("Cache-Control" = String, description = "Always `no-store`: the reply holds a secret"))),
        crate::http::responses::OneResourceErrors,
    )
)]
#[post("/v1/webhooks/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().into();
    let (row, secret) = service::rotate_secret(&state.service, user.key(), id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(EndpointWithSecret {
            endpoint: EndpointResponse::from(row),
            secret,
        }))
}

/// Recent delivery attempts.
///
/// What each attempt got back: the status code, or why there was none.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    responses(
        (status = 200, body = DeliveryList, description = "The latest attempts, newest first"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let attempts = service::attempts(&state.service, user.key(), id.into_inner().into()).await?;
    let items = attempts
        .into_iter()
        .map(DeliveryAttempt::from_row)
        .collect();
    Ok(HttpResponse::Ok().json(DeliveryList { items }))
}
