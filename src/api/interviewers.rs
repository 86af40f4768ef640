//! `/v1/interviewers`: everyone met at an interview (receptionist, assistants and secretaries
//! included: every one of them gets a thank-you note), and their attendance at interviews.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::contacts;
use crate::api::list::{self, ListQuery};
use crate::api::listing::{Listing, Narrows};
use crate::api::resource::made;
use crate::auth::AuthUser;
use crate::db::Stamp;
use crate::domain::enums::{PreferredChannel, Role};
use crate::domain::{Email, Fields, Id, LONG, MEDIUM, PHONE, SHORT, nullable, required};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::{IfNoneMatch, single};
use crate::http::extract::{Json, OptionalJson, is_json_type, media_type};
use crate::service::people as service;
use crate::state::AppState;
use crate::store::attendances::Attached;
use crate::store::new_id;
use crate::store::people::{NewPerson, PersonChanges};
use crate::views::attendance::Attendance;
use crate::views::interviewer::{Interviewer, InterviewerPage};
use crate::views::vcard::Card;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Maria Lopez", "salutation": "Ms. Lopez", "title": "Head of Data",
    "role": "interviewer", "company": "Acme Corp", "email": "maria@acme.example",
    "preferred_channel": "unknown", "business_card": true,
    "notes": "Knows my old team lead; prefers email to calls"
}))]
pub struct CreateInterviewer {
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub name: String,
    /// How a letter greets them, after "Dear": "Dr. Raman", "Ms. Park". Left out, a letter
    /// greets them by their full name.
    #[schema(schema_with = crate::domain::text_schema::<SALUTATION, false, true>, example = "Ms. Lopez")]
    pub salutation: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub title: Option<String>,
    /// `interviewer` when left out.
    pub role: Option<Role>,
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub company: Option<String>,
    /// `""` is the same as leaving it out.
    #[schema(schema_with = crate::domain::email_schema::<true>)]
    pub email: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<PHONE, false, true>)]
    pub phone: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<PHONE, false, true>)]
    pub fax: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<MEDIUM, false, true>)]
    pub postal_address: Option<String>,
    /// `unknown` when left out.
    pub preferred_channel: Option<PreferredChannel>,
    #[serde(default)]
    pub business_card: bool,
    /// Your own notes about them: private, never put in a letter. What you discussed with them
    /// at an interview goes on the attendance (`discussed`).
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub notes: Option<String>,
    #[serde(default)]
    pub keep_in_touch: bool,
}

impl CreateInterviewer {
    /// The fields a vCard gives; the rest as if left out.
    pub fn from_card(card: Card) -> Self {
        Self {
            name: card.name.unwrap_or_default(),
            salutation: card.salutation,
            title: card.title,
            role: None,
            company: card.company,
            email: card.email,
            phone: card.phone,
            fax: card.fax,
            postal_address: card.postal_address,
            preferred_channel: None,
            business_card: false,
            notes: card.notes,
            keep_in_touch: false,
        }
    }
}

/// A new person's fields, sent as JSON or as one vCard (3.0 or 4.0).
pub struct NewPersonBody {
    pub fields: Json<CreateInterviewer>,
    /// Sent as a vCard: its errors name fields but point into no JSON.
    pub from_card: bool,
}

impl FromRequest for NewPersonBody {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if contacts::sends_card(req) {
            let card = contacts::card(req, payload);
            return Box::pin(async move {
                Ok(Self {
                    fields: Json::fit(CreateInterviewer::from_card(card.await?)),
                    from_card: true,
                })
            });
        }
        let media = media_type(req);
        if !media.is_empty() && !is_json_type(&media) {
            return Box::pin(futures_util::future::ready(Err(
                ApiError::UnsupportedMediaType(
                    "Send the person as JSON (Content-Type: application/json) or as one vCard \
                     (Content-Type: text/vcard)"
                        .into(),
                ),
            )));
        }
        let json = Json::<CreateInterviewer>::from_request(req, payload);
        Box::pin(async move {
            Ok(Self {
                fields: json.await?,
                from_card: false,
            })
        })
    }
}

/// Fields to change; left out stays, `null` clears a nullable field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"preferred_channel": "email", "email": "maria@acme.example"}))]
pub struct UpdateInterviewer {
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub name: Option<String>,
    /// `null` or `""`: letters greet them by their full name.
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<SALUTATION, false, true>)]
    pub salutation: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub role: Option<Role>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub company: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::email_schema::<true>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<PHONE, false, true>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<PHONE, false, true>)]
    pub fax: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<MEDIUM, false, true>)]
    pub postal_address: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub preferred_channel: Option<PreferredChannel>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub business_card: Option<bool>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub keep_in_touch: Option<bool>,
}

/// The longest salutation ("Prof. Dr. Anna-Lena Schmidt-Weber").
const SALUTATION: usize = 100;
/// The longest `discussed` phrase: a phrase, not a note.
pub const DISCUSSED: usize = 300;

/// A contact email: checked like an account's, stored as given (lower-cased).
pub fn contact_email(raw: &str) -> Result<Option<String>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    Email::parse(raw).map(|e| Some(e.as_str().to_string()))
}

impl CreateInterviewer {
    fn parse(self, user: Id, now: DateTime<Utc>) -> ApiResult<NewPerson> {
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
        let salutation = f.text("salutation", self.salutation.as_deref(), SALUTATION);
        let Some(name) = name else {
            return Err(f.into_error().into());
        };
        f.finish()?;
        Ok(NewPerson {
            id: new_id(),
            user_id: user,
            name,
            salutation,
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

impl UpdateInterviewer {
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
            salutation: f.patch_text("salutation", self.salutation, SALUTATION),
        };
        f.finish()?;
        Ok(changes)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InterviewerFilter {
    /// Only the people who attended this interview.
    pub interview_id: Option<Uuid>,
}

impl Narrows for InterviewerFilter {
    type Filter = Option<Id>;
    fn filter(self) -> ApiResult<Option<Id>> {
        Ok(self.interview_id.map(Id::from))
    }
}

/// Add someone you met.
///
/// Everyone you met counts, receptionist and assistants included: each gets a thank-you note
/// once they are attached to an interview that has ended. Set `preferred_channel` when you know
/// how they like to be reached; `unknown` makes the engine remind you to ask.
///
/// Or send one vCard (3.0 or 4.0, `Content-Type: text/vcard`), as a phone shares a contact or
/// a card-scanner app exports a business card: its name (an honorific prefix becomes the
/// `salutation`), title, organisation, email, phone, fax, address and note fill the person; a
/// file of several cards, or a card in version 2.1, is 422 saying so.
#[utoipa::path(
    tag = "interviewers",
    request_body(content(
        (CreateInterviewer = "application/json"),
        (String = "text/vcard", example = json!("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dr. Priya Raman\r\nN:Raman;Priya;;Dr.;\r\nORG:Initech\r\nTITLE:Director of Data Engineering\r\nEMAIL;TYPE=work:p.raman@initech.example\r\nTEL;TYPE=work,voice:+1 512 555 0142\r\nEND:VCARD\r\n")),
    )),
    responses(
        (status = 201, body = Interviewer, description = "Created: the new person"),
        (status = 409, response = crate::http::responses::Conflict),
    )
)]
#[post("/v1/interviewers")]
pub async fn create_interviewer(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: NewPersonBody,
) -> ApiResult<HttpResponse> {
    let now = state.service.clock().now();
    let parsed = body.fields.parse(|fields| fields.parse(user.key(), now));
    let new = if body.from_card {
        parsed.map_err(contacts::without_pointers)?
    } else {
        parsed?
    };
    let person = service::create(&state.service, user.key(), new).await?;
    made::<Interviewer, _>(&req, "/v1/interviewers", person)
}

/// List the people you met.
///
/// Oldest first, in pages of `limit`. `interview_id` narrows the list to one interview's
/// attendees; `updated_since` returns what changed since, deletions included as tombstones.
///
/// With `Accept: text/vcard` (`; version=3.0` for version 3.0), every one of them, by name, as
/// one `.vcf` file a phone imports into its contacts: `interview_id` still narrows it, and
/// `limit`, `cursor` and `updated_since`, which a file has no use for, are refused.
#[utoipa::path(
    tag = "interviewers",
    params(ListQuery, InterviewerFilter),
    responses(
        (status = 200, description = "A page of the people you met (`next_cursor` is `null` on the last page), or all of them as vCards",
            content((InterviewerPage = "application/json"), (String = "text/vcard")),
            headers(
                ("Vary" = String, description = "`Accept`: the two representations are cached apart"),
                ("Content-Disposition" = String, description = "vCard only: `attachment; filename=\"followup-contacts.vcf\"`"),
            )),
        (status = 406, response = crate::http::responses::NotAcceptable),
    )
)]
#[get("/v1/interviewers")]
pub async fn list_interviewers(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    listing: Listing<InterviewerFilter>,
) -> ApiResult<HttpResponse> {
    let Listing {
        window,
        filter: interview,
        paging,
    } = listing;
    if let Some(version) = contacts::asked(&req)? {
        let paging = [
            ("limit", paging.limit.is_some()),
            ("cursor", paging.cursor.is_some()),
            ("updated_since", paging.updated_since.is_some()),
        ];
        if let Some((name, _)) = paging.iter().find(|(_, sent)| *sent) {
            return Err(ApiError::parameter(
                *name,
                "does not apply to a vCard file, which holds everyone: leave it out",
            ));
        }
        let people = service::all(&state.service, user.key(), interview).await?;
        return Ok(contacts::cards(&req, &people, version, "followup-contacts"));
    }
    let rows = service::list(&state.service, user.key(), interview, window.clone());
    Ok(contacts::varies(
        list::respond::<InterviewerPage, _, _>(&state, &req, &user, window, rows).await?,
    ))
}

/// Read one person you met.
///
/// Their details as you stored them, with their `ETag`. With `Accept: text/vcard`
/// (`; version=3.0` for version 3.0), their contact card, for a phone's contacts.
#[utoipa::path(
    tag = "interviewers",
    params(("id" = Uuid, Path, description = "Interviewer id"), IfNoneMatch),
    responses(
        (status = 200, description = "The person, or their card",
            content((Interviewer = "application/json"), (String = "text/vcard")),
            headers(
                ("ETag" = String, description = "The person's version (JSON, for `If-Match` and `If-None-Match`), or a strong tag of the card's bytes (vCard, for `If-None-Match`)"),
                ("Vary" = String, description = "`Accept`: the two representations are cached apart"),
                ("Content-Disposition" = String, description = "vCard only: `attachment` with the person's name as the file name"),
            )),
        crate::http::responses::OneResourceErrors,
        (status = 406, response = crate::http::responses::NotAcceptable),
    )
)]
#[get("/v1/interviewers/{id}")]
pub async fn get_interviewer(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let person = service::get(&state.service, user.key(), id.into_inner().into()).await?;
    if let Some(version) = contacts::asked(&req)? {
        let file = person.name.clone();
        return Ok(contacts::cards(&req, &[person], version, &file));
    }
    Ok(contacts::varies(single(
        &req,
        person.version,
        &Interviewer::from(person),
    )))
}

crate::api::resource::change_one! {
    /// Change a person's details.
    ///
    /// Send only the fields to change; `null` clears a nullable field. The plan is redone in the
    /// same request (a known channel ends the reminder to ask for one).
    update_interviewer: "/v1/interviewers/{id}", tag "interviewers", id "Interviewer id",
    body UpdateInterviewer, service::update => Interviewer "The person as changed", 409 Conflict
}

crate::api::resource::delete_one! {
    /// Delete a person you met.
    ///
    /// Detaches them from every interview and cancels their open tasks.
    delete_interviewer: "/v1/interviewers/{id}", tag "interviewers", id "Interviewer id",
    service::delete, 409 Conflict
}

/// List who attended an interview.
///
/// The people attached to this interview, in pages of `limit`, oldest first.
#[utoipa::path(
    tag = "interviews",
    params(("id" = Uuid, Path, description = "Interview id"), ListQuery),
    responses(
        (status = 200, body = InterviewerPage, description = "A page of the people attached to this interview"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/interviews/{id}/interviewers")]
pub async fn list_attendees(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    listing: Listing,
) -> ApiResult<HttpResponse> {
    let window = listing.window;
    let id = id.into_inner().into();
    let rows = service::attendees(&state.service, user.key(), id, window.clone());
    list::respond::<InterviewerPage, _, _>(&state, &req, &user, window, rows).await
}

/// What a person discussed at an interview, written for them.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"discussed": "your team's move to event streaming"}))]
pub struct AttendanceBody {
    /// What you talked about, as a short phrase written for them: it completes "I especially
    /// enjoyed our conversation about …" in their letter, so "your team's move to event
    /// streaming", not "she said they are moving to Kafka". Receptionists and assistants too
    /// ("the history of the building"). `null` or `""` clears it; left out, it stays.
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<DISCUSSED, false, true>)]
    pub discussed: Option<Option<String>>,
}

/// Attach a person to an interview.
///
/// Records that the person was there, and, with a body, what you discussed with them (their
/// letter is written from it; their private `notes` never are): 201 the first time, 200 when
/// they were attached already (what was discussed updated if sent), so it is safe to repeat.
/// Once the interview has ended, the engine plans their thank-you note.
#[utoipa::path(
    tag = "interviews",
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("person_id" = Uuid, Path, description = "Interviewer id"),
    ),
    request_body(content = Option<AttendanceBody>, description = "Optional: what was discussed"),
    responses(
        (status = 201, body = Attendance, description = "Attached"),
        (status = 200, body = Attendance, description = "Was attached already; what was discussed is as sent"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[put("/v1/interviews/{id}/interviewers/{person_id}")]
pub async fn attach_interviewer(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: OptionalJson<AttendanceBody>,
) -> ApiResult<HttpResponse> {
    let (interview, person) = path.into_inner();
    let body = body.0;
    let mut f = Fields::default();
    let discussed = f.patch_text("discussed", body.discussed, DISCUSSED);
    f.finish()?;
    let (attendance, attached) = service::attach(
        &state.service,
        user.key(),
        interview.into(),
        person.into(),
        discussed,
    )
    .await?;
    let mut reply = if attached == Attached::New {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(reply.json(Attendance::from(attendance)))
}

/// Read a person's attendance at an interview.
///
/// Whether they were there, and what you discussed with them; 404 when they were not.
#[utoipa::path(
    tag = "interviews",
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("person_id" = Uuid, Path, description = "Interviewer id"),
    ),
    responses(
        (status = 200, body = Attendance, description = "The attendance"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/interviews/{id}/interviewers/{person_id}")]
pub async fn get_attendance(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (interview, person) = path.into_inner();
    let found =
        service::attendance(&state.service, user.key(), interview.into(), person.into()).await?;
    Ok(HttpResponse::Ok().json(Attendance::from(found)))
}

/// Detach a person from an interview.
///
/// Their open tasks for this interview are cancelled, with a reason that says so.
#[utoipa::path(
    tag = "interviews",
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("person_id" = Uuid, Path, description = "Interviewer id"),
    ),
    responses(
        (status = 204, description = "Detached"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[delete("/v1/interviews/{id}/interviewers/{person_id}")]
pub async fn detach_interviewer(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (interview, person) = path.into_inner();
    service::detach(&state.service, user.key(), interview.into(), person.into()).await?;
    Ok(HttpResponse::NoContent().finish())
}
