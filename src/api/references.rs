//! `/v1/references`: the people who vouch for the user. Ask before giving their name: the
//! server stamps when permission was asked and when it was answered.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::interviewers::contact_email;
use crate::api::list::{self, Entry, ListQuery, Page};
use crate::api::single;
use crate::auth::AuthUser;
use crate::db::Stamp;
use crate::domain::enums::Permission;
use crate::domain::{Fields, LONG, MEDIUM, PHONE, SHORT, nullable, required};
use crate::error::ApiResult;
use crate::http::conditional::{IfMatch, created};
use crate::http::extract::{Json, Query};
use crate::service::Replan;
use crate::state::AppState;
use crate::store::new_id;
use crate::store::quota::{self, Quota};
use crate::store::references::{self, NewReference, Reference, ReferenceChanges};

#[derive(Debug, Serialize, ToSchema)]
pub struct ReferenceResponse {
    pub id: Uuid,
    #[schema(example = "John Smith")]
    pub name: String,
    #[schema(example = "former manager")]
    pub relationship: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postal_address: Option<String>,
    pub permission: Permission,
    /// Set by the server when permission becomes `requested` (or is answered without asking).
    #[serde(serialize_with = "crate::http::timestamp::rfc3339_opt")]
    pub permission_asked_at: Option<DateTime<Utc>>,
    /// Set by the server when permission becomes `granted` or `declined`.
    #[serde(serialize_with = "crate::http::timestamp::rfc3339_opt")]
    pub permission_answered_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl ReferenceResponse {
    pub fn from_row(row: Reference) -> ApiResult<Self> {
        Ok(Self {
            id: row.id.uuid(),
            permission: row.permission,
            name: row.name,
            relationship: row.relationship,
            company: row.company,
            title: row.title,
            email: row.email,
            phone: row.phone,
            postal_address: row.postal_address,
            permission_asked_at: row.permission_asked_at,
            permission_answered_at: row.permission_answered_at,
            notes: row.notes,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "John Smith", "relationship": "former manager", "company": "Globex",
    "phone": "+44 20 7946 0000", "permission": "not_asked"
}))]
pub struct CreateReference {
    #[schema(schema_with = crate::domain::text_schema::<200, true, false>)]
    pub name: String,
    #[schema(schema_with = crate::domain::text_schema::<200, false, true>)]
    pub relationship: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<200, false, true>)]
    pub company: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<200, false, true>)]
    pub title: Option<String>,
    /// `""` is the same as leaving it out.
    #[schema(schema_with = crate::domain::email_schema::<true>)]
    pub email: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<50, false, true>)]
    pub phone: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<1000, false, true>)]
    pub postal_address: Option<String>,
    /// `not_asked` when left out.
    pub permission: Option<Permission>,
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub notes: Option<String>,
}

/// Fields to change; left out stays, `null` clears a nullable field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"permission": "granted"}))]
pub struct UpdateReference {
    #[schema(schema_with = crate::domain::text_schema::<200, true, true>)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<200, false, true>)]
    pub relationship: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<200, false, true>)]
    pub company: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<200, false, true>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::email_schema::<true>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<50, false, true>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<1000, false, true>)]
    pub postal_address: Option<Option<String>>,
    pub permission: Option<Permission>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub notes: Option<Option<String>>,
}

/// The (asked_at, answered_at) stamps after moving to `permission`.
fn stamps(
    permission: Permission,
    asked: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    match permission {
        Permission::NotAsked => (None, None),
        Permission::Requested => (Some(now), None),
        Permission::Granted | Permission::Declined => (Some(asked.unwrap_or(now)), Some(now)),
    }
}

impl CreateReference {
    fn parse(self, user: &AuthUser, now: DateTime<Utc>) -> ApiResult<NewReference> {
        let mut f = Fields::default();
        let name = f.check("name", required(&self.name, SHORT));
        let relationship = f.text("relationship", self.relationship.as_deref(), SHORT);
        let company = f.text("company", self.company.as_deref(), SHORT);
        let title = f.text("title", self.title.as_deref(), SHORT);
        let email = f
            .optional("email", self.email, |e| contact_email(&e))
            .flatten();
        let phone = f.text("phone", self.phone.as_deref(), PHONE);
        let postal_address = f.text("postal_address", self.postal_address.as_deref(), MEDIUM);
        let notes = f.text("notes", self.notes.as_deref(), LONG);
        let Some(name) = name else {
            return Err(f.into_error().into());
        };
        f.finish()?;
        let permission = self.permission.unwrap_or(Permission::NotAsked);
        let (asked, answered) = stamps(permission, None, now);
        Ok(NewReference {
            id: new_id(),
            user_id: user.key(),
            name,
            relationship,
            company,
            title,
            email,
            phone,
            postal_address,
            permission,
            permission_asked_at: asked.map(Stamp),
            permission_answered_at: answered.map(Stamp),
            notes,
            created_at: Stamp(now),
            updated_at: Stamp(now),
        })
    }
}

impl UpdateReference {
    fn parse(self, current: &Reference, now: DateTime<Utc>) -> ApiResult<ReferenceChanges> {
        let mut f = Fields::default();
        let email = match self.email {
            None => None,
            Some(None) => Some(None),
            Some(Some(e)) => f.check("email", contact_email(&e)),
        };
        // Stamps move only when the permission really changes.
        let moved = self.permission.filter(|p| *p != current.permission);
        let (asked, answered) = match moved {
            Some(p) => {
                let (asked, answered) = stamps(p, current.permission_asked_at, now);
                (Some(asked.map(Stamp)), Some(answered.map(Stamp)))
            }
            None => (None, None),
        };
        let changes = ReferenceChanges {
            name: f.optional("name", self.name, |v| required(&v, SHORT)),
            relationship: f.patch_text("relationship", self.relationship, SHORT),
            company: f.patch_text("company", self.company, SHORT),
            title: f.patch_text("title", self.title, SHORT),
            email,
            phone: f.patch_text("phone", self.phone, PHONE),
            postal_address: f.patch_text("postal_address", self.postal_address, MEDIUM),
            permission: moved,
            permission_asked_at: asked,
            permission_answered_at: answered,
            notes: f.patch_text("notes", self.notes, LONG),
        };
        f.finish()?;
        Ok(changes)
    }
}

/// Add a reference.
///
/// The engine reminds you to ask their permission first, and to warn them when a company may
/// call. `permission` starts at `not_asked`.
#[utoipa::path(
    tag = "references",
    security(("bearer" = [])),
    request_body = CreateReference,
    responses(
        (status = 201, body = ReferenceResponse, description = "Created: the new reference, with its `ETag`; `Location` is its URL", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"), ("Location" = String, description = "The URL of the new resource")), links(
                ("GetReference" = (operation_id = "get_reference", parameters(("id" = "$response.body#/id")))),
                ("UpdateReference" = (operation_id = "update_reference", parameters(("id" = "$response.body#/id")))),
                ("DeleteReference" = (operation_id = "delete_reference", parameters(("id" = "$response.body#/id")))),
                ("ListReferenceTasks" = (operation_id = "list_tasks", parameters(("reference_id" = "$response.body#/id"))))
            )),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 409, response = crate::http::responses::Conflict),
    )
)]
#[post("/v1/references")]
pub async fn create_reference(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<CreateReference>,
) -> ApiResult<HttpResponse> {
    let new = body.0.parse(&user, state.service.clock().now())?;
    let max = state.config.quotas.references;
    let row = state
        .service
        .planned_write(user.key(), move |conn| {
            quota::check(conn, &user.key(), Quota::References, max)?;
            Ok(references::insert(conn, &new)?)
        })
        .await?;
    created(
        &req,
        &format!("/v1/references/{}", row.id),
        row.version,
        &ReferenceResponse::from_row(row)?,
    )
}

/// List your references.
///
/// Oldest first, in pages of `limit`; `updated_since` returns what changed, deletions included.
#[utoipa::path(
    tag = "references",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, body = Page<Entry<ReferenceResponse>>, description = "A page of your references; `next_cursor` is `null` on the last page"),
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 422, response = crate::http::responses::Unprocessable),
    )
)]
#[get("/v1/references")]
pub async fn list_references(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    query: Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    let window = query.0.window()?;
    list::respond(
        &state,
        &req,
        &user,
        window,
        references::list,
        ReferenceResponse::from_row,
    )
    .await
}

/// Read one reference.
///
/// With `If-None-Match` set to the `ETag` you hold, answers 304 when nothing changed.
#[utoipa::path(
    tag = "references",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Reference id"),
        ("If-None-Match" = Option<String>, Header, description = "An ETag you hold: 304 if unchanged"),
    ),
    responses(
        (status = 200, body = ReferenceResponse, description = "The reference, with its `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        (status = 304, description = "Not modified"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/references/{id}")]
pub async fn get_reference(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    single::read(
        &state,
        &req,
        user,
        id.into_inner(),
        ReferenceResponse::from_row,
    )
    .await
}

/// Change a reference.
///
/// Record that you asked (`requested`) and what they answered (`granted` or `declined`); the
/// server stamps when. With `If-Match`, answers 412 if the reference changed since you read it.
#[utoipa::path(
    tag = "references",
    security(("bearer" = [])),
    request_body = UpdateReference,
    params(
        ("id" = Uuid, Path, description = "Reference id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the reference changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 200, body = ReferenceResponse, description = "The reference as changed, with its new `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::BodyErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[patch("/v1/references/{id}")]
pub async fn update_reference(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<UpdateReference>,
) -> ApiResult<HttpResponse> {
    let patch = body.0;
    single::change(
        &state,
        &req,
        user,
        id.into_inner(),
        if_match,
        move |conn, current: &Reference, now| {
            let changes = patch.parse(current, now)?;
            Ok(references::update(conn, current, &changes, now)?)
        },
        ReferenceResponse::from_row,
    )
    .await
}

/// Delete a reference.
///
/// Their open tasks are cancelled. With `If-Match`, answers 412 if the reference changed since
/// you read it.
#[utoipa::path(
    tag = "references",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Reference id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the reference changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[delete("/v1/references/{id}")]
pub async fn delete_reference(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    single::remove(&state, user, id.into_inner(), if_match, references::delete).await
}

/// Every reference task reads every reference: a change re-plans everything.
impl single::Replanned for Reference {
    fn changed(_: &Self, _: &Self) -> Replan {
        Replan::Everything
    }

    fn removed(_: &Self) -> Replan {
        Replan::Everything
    }
}
