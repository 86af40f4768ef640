//! `/v1/interviewers`: everyone met at an interview (receptionist, assistants and secretaries
//! included: every one of them gets a thank-you note), and their attendance at interviews.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::list::{self, Entry, ListQuery, Page};
use crate::api::single;
use crate::auth::AuthUser;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::enums::{PreferredChannel, Role};
use crate::domain::{Email, Fields, LONG, MEDIUM, PHONE, SHORT, nullable, required};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::IfMatch;
use crate::http::extract::{Json, Query};
use crate::service::Replan;
use crate::state::AppState;
use crate::store::people::{self, NewPerson, Person, PersonChanges};
use crate::store::quota::{self, Quota};
use crate::store::window::Window;
use crate::store::{interviews, new_id};

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonResponse {
    pub id: Uuid,
    #[schema(example = "Maria Lopez")]
    pub name: String,
    #[schema(example = "Head of Data")]
    pub title: Option<String>,
    pub role: Role,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub postal_address: Option<String>,
    pub preferred_channel: PreferredChannel,
    /// Whether you have their business card.
    pub business_card: bool,
    /// What you talked about: used to individualise the thank-you note.
    pub notes: Option<String>,
    /// Keep them in your business circle after the process ends.
    pub keep_in_touch: bool,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl PersonResponse {
    pub fn from_row(row: Person) -> ApiResult<Self> {
        Ok(Self {
            id: row.id.uuid(),
            role: row.role,
            preferred_channel: row.preferred_channel,
            name: row.name,
            title: row.title,
            company: row.company,
            email: row.email,
            phone: row.phone,
            fax: row.fax,
            postal_address: row.postal_address,
            business_card: row.business_card,
            notes: row.notes,
            keep_in_touch: row.keep_in_touch,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Maria Lopez", "title": "Head of Data", "role": "interviewer", "company": "Acme Corp",
    "email": "maria@acme.example", "preferred_channel": "unknown", "business_card": true,
    "notes": "Talked about their migration to event streaming"
}))]
pub struct CreatePerson {
    #[schema(schema_with = crate::domain::text_schema::<200, true, false>)]
    pub name: String,
    #[schema(schema_with = crate::domain::text_schema::<200, false, true>)]
    pub title: Option<String>,
    /// `interviewer` when left out.
    pub role: Option<Role>,
    #[schema(schema_with = crate::domain::text_schema::<200, false, true>)]
    pub company: Option<String>,
    /// `""` is the same as leaving it out.
    #[schema(schema_with = crate::domain::email_schema::<true>)]
    pub email: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<50, false, true>)]
    pub phone: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<50, false, true>)]
    pub fax: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<1000, false, true>)]
    pub postal_address: Option<String>,
    /// `unknown` when left out.
    pub preferred_channel: Option<PreferredChannel>,
    #[serde(default)]
    pub business_card: bool,
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub notes: Option<String>,
    #[serde(default)]
    pub keep_in_touch: bool,
}

/// Fields to change; left out stays, `null` clears a nullable field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"preferred_channel": "email", "email": "maria@acme.example"}))]
pub struct UpdatePerson {
    #[schema(schema_with = crate::domain::text_schema::<200, true, true>)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<200, false, true>)]
    pub title: Option<Option<String>>,
    pub role: Option<Role>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<200, false, true>)]
    pub company: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::email_schema::<true>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<50, false, true>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<50, false, true>)]
    pub fax: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<1000, false, true>)]
    pub postal_address: Option<Option<String>>,
    pub preferred_channel: Option<PreferredChannel>,
    pub business_card: Option<bool>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub notes: Option<Option<String>>,
    pub keep_in_touch: Option<bool>,
}

/// A contact email: checked like an account's, stored as given (lower-cased).
pub fn contact_email(raw: &str) -> Result<Option<String>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    Email::parse(raw).map(|e| Some(e.as_str().to_string()))
}

impl CreatePerson {
    fn parse(self, user: &AuthUser, now: DateTime<Utc>) -> ApiResult<NewPerson> {
        let mut f = Fields::default();
        let name = f.check("name", required(&self.name, SHORT));
        let title = f.text("title", self.title.as_deref(), SHORT);
        let company = f.text("company", self.company.as_deref(), SHORT);
        let email = f
            .optional("email", self.email, |e| contact_email(&e))
            .flatten();
        let phone = f.text("phone", self.phone.as_deref(), PHONE);
        let fax = f.text("fax", self.fax.as_deref(), PHONE);
        let postal_address = f.text("postal_address", self.postal_address.as_deref(), MEDIUM);
        let notes = f.text("notes", self.notes.as_deref(), LONG);
        let Some(name) = name else {
            return Err(f.into_error().into());
        };
        f.finish()?;
        Ok(NewPerson {
            id: new_id(),
            user_id: user.key(),
            name,
            title,
            role: self.role.unwrap_or(Role::Interviewer),
            company,
            email,
            phone,
            fax,
            postal_address,
            preferred_channel: self.preferred_channel.unwrap_or(PreferredChannel::Unknown),
            business_card: self.business_card,
            notes,
            keep_in_touch: self.keep_in_touch,
            created_at: Stamp(now),
            updated_at: Stamp(now),
        })
    }
}

impl UpdatePerson {
    fn parse(self) -> ApiResult<PersonChanges> {
        let mut f = Fields::default();
        let email = match self.email {
            None => None,
            Some(None) => Some(None),
            Some(Some(e)) => f.check("email", contact_email(&e)),
        };
        let changes = PersonChanges {
            name: f.optional("name", self.name, |v| required(&v, SHORT)),
            title: f.patch_text("title", self.title, SHORT),
            role: self.role,
            company: f.patch_text("company", self.company, SHORT),
            email,
            phone: f.patch_text("phone", self.phone, PHONE),
            fax: f.patch_text("fax", self.fax, PHONE),
            postal_address: f.patch_text("postal_address", self.postal_address, MEDIUM),
            preferred_channel: self.preferred_channel,
            business_card: self.business_card,
            notes: f.patch_text("notes", self.notes, LONG),
            keep_in_touch: self.keep_in_touch,
        };
        f.finish()?;
        Ok(changes)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleFilter {
    /// Only the people who attended this interview.
    pub interview_id: Option<Uuid>,
}

/// Add a person you met.
///
/// Everyone you met counts, receptionist and assistants included: each gets a thank-you note
/// once they are attached to an interview that has ended. Set `preferred_channel` when you know
/// how they like to be reached; `unknown` makes the engine remind you to ask.
#[utoipa::path(
    tag = "interviewers",
    security(("bearer" = [])),
    request_body = CreatePerson,
    responses(
        (status = 201, body = PersonResponse, description = "Created: the new person, with their `ETag`; `Location` is their URL", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"), ("Location" = String, description = "The URL of the new resource")), links(
                ("GetPerson" = (operation_id = "get_person", parameters(("id" = "$response.body#/id")))),
                ("UpdatePerson" = (operation_id = "update_person", parameters(("id" = "$response.body#/id")))),
                ("DeletePerson" = (operation_id = "delete_person", parameters(("id" = "$response.body#/id")))),
                ("ListPersonTasks" = (operation_id = "list_tasks", parameters(("interviewer_id" = "$response.body#/id"))))
            )),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 409, response = crate::http::responses::Conflict),
    )
)]
#[post("/v1/interviewers")]
pub async fn create_person(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<CreatePerson>,
) -> ApiResult<HttpResponse> {
    let new = body.0.parse(&user, state.service.clock().now())?;
    let max = state.config.quotas.people;
    let row = state
        .service
        .scoped_write(user.key(), move |conn| {
            quota::check(conn, &user.key(), Quota::People, max)?;
            // Nobody plans for a person until they are attached to an interview.
            Ok((people::insert(conn, &new)?, Replan::Nothing))
        })
        .await?;
    crate::http::conditional::created(
        &req,
        &format!("/v1/interviewers/{}", row.id),
        row.version,
        &PersonResponse::from_row(row)?,
    )
}

/// List the people you met.
///
/// Oldest first, in pages of `limit`. `interview_id` narrows the list to one interview's
/// attendees; `updated_since` returns what changed since, deletions included as tombstones.
#[utoipa::path(
    tag = "interviewers",
    security(("bearer" = [])),
    params(ListQuery, PeopleFilter),
    responses(
        (status = 200, body = Page<Entry<PersonResponse>>, description = "A page of the people you met; `next_cursor` is `null` on the last page"),
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 422, response = crate::http::responses::Unprocessable),
    )
)]
#[get("/v1/interviewers")]
pub async fn list_people(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    query: Query<ListQuery>,
    filter: Query<PeopleFilter>,
) -> ApiResult<HttpResponse> {
    let window = query.0.window()?;
    let interview = filter.0.interview_id.map(Id::from);
    let load = move |conn: &mut DbConnection, user: &str, window: &Window| {
        people::list(conn, user, interview.as_deref(), window)
    };
    list::respond(&state, &req, &user, window, load, PersonResponse::from_row).await
}

/// Read one person.
///
/// With `If-None-Match` set to the `ETag` you hold, answers 304 when nothing changed.
#[utoipa::path(
    tag = "interviewers",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Person id"),
        ("If-None-Match" = Option<String>, Header, description = "An ETag you hold: 304 if unchanged"),
    ),
    responses(
        (status = 200, body = PersonResponse, description = "The person, with their `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        (status = 304, description = "Not modified"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/interviewers/{id}")]
pub async fn get_person(
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
        PersonResponse::from_row,
    )
    .await
}

/// Change a person's details.
///
/// Send only the fields to change; `null` clears a nullable field. The plan is redone in the
/// same request (a known channel ends the reminder to ask for one). With `If-Match`, answers 412
/// if the person changed since you read them.
#[utoipa::path(
    tag = "interviewers",
    security(("bearer" = [])),
    request_body = UpdatePerson,
    params(
        ("id" = Uuid, Path, description = "Person id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the person changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 200, body = PersonResponse, description = "The person as changed, with their new `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::BodyErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[patch("/v1/interviewers/{id}")]
pub async fn update_person(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<UpdatePerson>,
) -> ApiResult<HttpResponse> {
    let changes = body.0.parse()?;
    single::change(
        &state,
        &req,
        user,
        id.into_inner(),
        if_match,
        move |conn, current, now| Ok(people::update(conn, current, &changes, now)?),
        PersonResponse::from_row,
    )
    .await
}

/// Delete a person.
///
/// Detaches them from every interview and cancels their open tasks. With `If-Match`, answers
/// 412 if the person changed since you read them.
#[utoipa::path(
    tag = "interviewers",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Person id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the person changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[delete("/v1/interviewers/{id}")]
pub async fn delete_person(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    single::remove(&state, user, id.into_inner(), if_match, people::delete).await
}

/// List who attended an interview.
///
/// The people attached to this interview, in pages of `limit`, oldest first.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Interview id"), ListQuery),
    responses(
        (status = 200, body = Page<Entry<PersonResponse>>, description = "A page of the people attached to this interview"),
        crate::http::responses::OneResourceErrors,
        (status = 422, response = crate::http::responses::Unprocessable),
    )
)]
#[get("/v1/interviews/{id}/interviewers")]
pub async fn list_attendees(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    query: Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let window = query.0.window()?;
    let load = move |conn: &mut DbConnection, user: &str, window: &Window| {
        interviews::find(conn, user, &id)?;
        people::list(conn, user, Some(&id), window)
    };
    list::respond(&state, &req, &user, window, load, PersonResponse::from_row).await
}

/// Attach a person to an interview.
///
/// Records that the person was there: 201 the first time, 204 when already attached, so it is
/// safe to repeat. Once the interview has ended, the engine plans their thank-you note.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("person_id" = Uuid, Path, description = "Person id"),
    ),
    responses(
        (status = 201, description = "Attached"),
        (status = 204, description = "Was attached already"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[put("/v1/interviews/{id}/interviewers/{person_id}")]
pub async fn attach_person(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (interview, person) = path.into_inner();
    let clock = state.service.clock().clone();
    let attached = state
        .service
        .scoped_write(user.key(), move |conn| {
            let user = user.key();
            let interview = interviews::find(conn, &user, &interview.to_string())?;
            let person = people::find(conn, &user, &person.to_string())?;
            let attached = people::attach(conn, &user, &interview.id, &person.id, clock.now())?;
            Ok((attached, around(interview.id, person.id)))
        })
        .await?;
    Ok(if attached {
        HttpResponse::Created().finish()
    } else {
        HttpResponse::NoContent().finish()
    })
}

/// Detach a person from an interview.
///
/// Their open tasks for this interview are cancelled, with a reason that says so. Answers 204
/// whether or not they were attached.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("person_id" = Uuid, Path, description = "Person id"),
    ),
    responses(
        (status = 204, description = "Detached"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[delete("/v1/interviews/{id}/interviewers/{person_id}")]
pub async fn detach_person(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (interview, person) = path.into_inner();
    let clock = state.service.clock().clone();
    state
        .service
        .scoped_write(user.key(), move |conn| {
            let user = user.key();
            let interview = interviews::find(conn, &user, &interview.to_string())?;
            let person = people::find(conn, &user, &person.to_string())?;
            if people::detach(conn, &interview.id, &person.id, clock.now())? {
                Ok(((), around(interview.id, person.id)))
            } else {
                Err(ApiError::NotFound(
                    "This person is not attached to this interview".into(),
                ))
            }
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

impl single::Replanned for Person {
    fn changed(before: &Self, _: &Self) -> Replan {
        Replan::person(before.id.to_string())
    }

    /// Its attendances go with it, so nothing is left to find its scope by.
    fn removed(_: &Self) -> Replan {
        Replan::Everything
    }
}

/// An attendance changed: the interview's scope, and the person's other interviews.
fn around(interview: Id, person: Id) -> Replan {
    Replan::Around {
        interviews: vec![interview.to_string()],
        people: vec![person.to_string()],
    }
}
