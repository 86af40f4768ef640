//! The signed-in user's profile: name, time zone (used to place calls in business hours) and the
//! strengths restated in thank-you notes and follow-up calls.

use actix_web::{HttpResponse, get, patch, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::Stamp;
use crate::domain::{Fields, Strengths, TimeZone, bounded, nullable};
use crate::error::ApiResult;
use crate::http::extract::Json;
use crate::service::account as service;
use crate::state::AppState;
use crate::store::users::{User, UserChanges};
use crate::views::Rfc3339;

pub const NAME_MAX: usize = 100;

#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    pub id: Uuid,
    #[schema(example = "ada@example.com")]
    pub email: String,
    #[schema(example = "Ada Lovelace")]
    pub name: String,
    /// Calls are planned in its business hours.
    #[schema(value_type = crate::domain::TimeZoneName)]
    pub time_zone: String,
    /// Assets to restate in thank-you notes and calls.
    #[schema(example = json!(["ten years of analytical engines", "clear writing"]))]
    pub strengths: Vec<String>,
    pub created_at: Rfc3339,
    pub updated_at: Rfc3339,
}

impl From<User> for UserResponse {
    fn from(user: User) -> Self {
        Self {
            id: user.id.uuid(),
            strengths: user.strengths.into_vec(),
            email: user.email,
            name: user.name,
            time_zone: user.time_zone.name().to_string(),
            created_at: Rfc3339(user.created_at),
            updated_at: Rfc3339(user.updated_at),
        }
    }
}

/// Fields to change; those left out stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Ada Lovelace", "time_zone": "Europe/London", "strengths": ["clear writing"]}))]
pub struct UpdateMe {
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<NAME_MAX, false, false>)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(value_type = crate::domain::TimeZoneName)]
    pub time_zone: Option<String>,
    /// What you bring to the job; each thank-you note restates a different one.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::strengths_schema::<false>)]
    pub strengths: Option<Vec<String>>,
}

impl UpdateMe {
    fn into_changes(self, now: DateTime<Utc>) -> ApiResult<UserChanges> {
        let mut fields = Fields::default();
        let name = self
            .name
            .and_then(|n| fields.check("name", bounded(&n, NAME_MAX)));
        let time_zone = self
            .time_zone
            .and_then(|tz| fields.check("time_zone", TimeZone::parse(&tz)));
        let strengths = self
            .strengths
            .and_then(|s| Strengths::check(&mut fields, "strengths", &s));
        if !fields.is_empty() {
            return Err(fields.into_error().into());
        }
        Ok(UserChanges {
            name,
            time_zone: time_zone.map(|tz| tz.name().to_string()),
            strengths: strengths.map(|s| s.to_json()),
            updated_at: Some(Stamp(now)),
        })
    }
}

/// Read your profile.
///
/// Your name, email, time zone and the strengths your notes and calls restate.
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, body = UserResponse, description = "Your profile"),
    )
)]
#[get("/v1/me")]
pub async fn get_me(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let row = service::get(&state.service, user.key()).await?;
    Ok(HttpResponse::Ok().json(UserResponse::from(row)))
}

/// Change your profile.
///
/// Your name, IANA time zone (calls are placed in its business hours) or strengths (each
/// thank-you note restates one).
#[utoipa::path(
    tag = "me",
    request_body = UpdateMe,
    responses(
        (status = 200, body = UserResponse, description = "Your profile as changed"),
    )
)]
#[patch("/v1/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<UpdateMe>,
) -> ApiResult<HttpResponse> {
    let changes = body.parse(|body| body.into_changes(state.service.clock().now()))?;
    let row = service::update(&state.service, user.key(), changes).await?;
    Ok(HttpResponse::Ok().json(UserResponse::from(row)))
}
