//! `/v1/applications`: the hiring processes a user follows, one position at one employer each,
//! from a saved posting to the outcome; and `/v1/applications/{id}/references/{reference_id}`,
//! the references given for one.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::Stamp;
use crate::domain::enums::{Interest, Outcome};
use crate::domain::posting::{self, JobPosting};
use crate::domain::{
    Day, Fields, Id, LONG, MEDIUM, SHORT, Strengths, TimeZone, Whole, nullable, required,
};
use crate::error::{ApiError, ApiResult};
use crate::service::applications as service;
use crate::state::AppState;
use crate::store::applications::{ApplicationChanges, ApplicationFilter, NewApplication};
use crate::store::new_id;
use crate::views::application::{Application, ApplicationPage};
use crate::views::reference::Reference;

/// The fewest and most days between check-ins an application may set.
const INTERVAL_DAYS: (i32, i32) = (1, 90);

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "posting_url": "https://careers.initech.example/jobs/DE-2041?utm_source=indeed",
    "source": "indeed",
    "job_posting": {
        "@context": "https://schema.org/", "@type": "JobPosting",
        "title": "Backend Developer",
        "hiringOrganization": {"@type": "Organization", "name": "Initech"},
        "identifier": {"@type": "PropertyValue", "name": "Initech", "value": "DE-2041"},
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
            "addressLocality": "Austin", "addressRegion": "TX", "addressCountry": "US"}},
        "validThrough": "2027-01-31T23:59:59-06:00"
    }
}))]
pub struct CreateApplication {
    /// Needed unless `job_posting` names the hiring organisation.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub company: Option<String>,
    /// Needed unless `job_posting` has a `title`.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub position: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<MEDIUM, false, true>)]
    pub location: Option<String>,
    /// The posting's address, http or https. Kept normalised: scheme and host lower-case, no
    /// fragment, no default port, no tracking parameters (`utm_*`, `gclid`, `fbclid` and the
    /// like). Saving a posting you saved already answers 409 with the application's `Location`.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = url_schema::<false>)]
    pub posting_url: Option<String>,
    /// The board's or employer's id of the posting.
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub posting_id: Option<String>,
    /// Where you found it: a job board, a referral.
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub source: Option<String>,
    /// The last day to apply.
    pub apply_by: Option<Day>,
    /// The employer's IANA time zone: calls are placed in its business hours.
    #[schema(value_type = Option<crate::domain::TimeZoneName>)]
    pub employer_time_zone: Option<String>,
    /// The day you applied; leave it out while the posting is only saved.
    pub applied_on: Option<Day>,
    /// `pending` when left out.
    pub outcome: Option<Outcome>,
    /// `unsure` when left out.
    pub interest: Option<Interest>,
    pub decision_expected_on: Option<Day>,
    pub second_interview_expected_on: Option<Day>,
    /// The strengths to restate for this job; left out, your profile's.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::strengths_schema::<false>)]
    pub strengths: Option<Vec<String>>,
    /// Days between check-ins with this employer (1 to 90); left out, your rule setting.
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 90)]
    pub check_in_interval_days: Option<Whole>,
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub notes: Option<String>,
    /// The page's schema.org `JobPosting` (`JOB_POSTING` says how it is read).
    #[schema(schema_with = job_posting_schema)]
    pub job_posting: Option<Value>,
}

/// A `JobPosting` object, or the page's JSON-LD as a list of nodes (an object with an `@graph`
/// is an object).
fn job_posting_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
    let object = || ObjectBuilder::new().schema_type(Type::Object);
    Schema::OneOf(
        OneOfBuilder::new()
            .item(object())
            .item(ArrayBuilder::new().items(object()))
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .description(Some(JOB_POSTING))
            .build(),
    )
}

const JOB_POSTING: &str = "\
The page's schema.org `JobPosting`, as job boards embed it in JSON-LD: the posting itself, or \
the page's JSON-LD as it stands (a list of nodes, or an object with an `@graph`) holding one \
`JobPosting`, whose organisation may be a node of its own named by `@id`. Its `title`, \
`hiringOrganization.name`, `url`, `identifier`, `jobLocation` addresses (each place, joined \
with `; `) and `validThrough` fill `position`, `company`, `posting_url`, `posting_id`, \
`location` and `apply_by` where this request leaves them out: the fields you send win. HTML \
entities in its text (`&amp;`) are read as the characters they stand for. Other properties are \
ignored; nothing of it is stored as sent.";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationQuery {
    /// The application that saved this posting: the address is normalised as on save, so any
    /// spelling of it (tracking parameters, fragment, case of the host) finds it.
    #[param(
        max_length = 2000,
        example = "https://jobs.example/postings/123?utm_source=x"
    )]
    pub posting_url: Option<String>,
    /// Only applications with this outcome.
    pub outcome: Option<Outcome>,
}

impl crate::api::listing::Narrows for ApplicationQuery {
    type Filter = ApplicationFilter;
    fn filter(self) -> ApiResult<ApplicationFilter> {
        let posting_url = match self.posting_url {
            None => None,
            Some(url) => Some(
                posting::normalise(&url)
                    .map_err(|message| ApiError::parameter("posting_url", message))?,
            ),
        };
        Ok(ApplicationFilter {
            posting_url,
            outcome: self.outcome,
        })
    }
}

/// Fields to change; left out stays, `null` clears a nullable field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"applied_on": "2026-11-20", "decision_expected_on": "2026-12-04"}))]
pub struct UpdateApplication {
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub company: Option<String>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub position: Option<String>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<MEDIUM, false, true>)]
    pub location: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = url_schema::<true>)]
    pub posting_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub posting_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub source: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Day>)]
    pub apply_by: Option<Option<Day>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<crate::domain::TimeZoneName>)]
    pub employer_time_zone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Day>)]
    pub applied_on: Option<Option<Day>>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub outcome: Option<Outcome>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub interest: Option<Interest>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Day>)]
    pub decision_expected_on: Option<Option<Day>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Day>)]
    pub second_interview_expected_on: Option<Option<Day>>,
    /// `null`: your profile's again.
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::strengths_schema::<true>)]
    pub strengths: Option<Option<Vec<String>>>,
    /// `null`: your rule setting again.
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<i32>, minimum = 1, maximum = 90)]
    pub check_in_interval_days: Option<Option<Whole>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub notes: Option<Option<String>>,
}

/// An http or https address of at most 2,000 characters.
fn url_schema<const NULLABLE: bool>() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, SchemaType, Type};
    let schema_type = if NULLABLE {
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(schema_type)
        .format(Some(SchemaFormat::Custom("uri".into())))
        .max_length(Some(posting::URL_MAX))
        .examples([serde_json::json!("https://jobs.example/postings/123")])
        .build()
}

fn interval(days: Whole) -> Result<i32, String> {
    days.within(INTERVAL_DAYS.0, INTERVAL_DAYS.1)
}

fn zone(name: String) -> Result<TimeZone, String> {
    TimeZone::parse(&name)
}

impl CreateApplication {
    fn parse(self, user: Id, now: DateTime<Utc>) -> ApiResult<NewApplication> {
        let mut f = Fields::default();
        let read = match &self.job_posting {
            Some(json) => f.check("job_posting", JobPosting::read(json)),
            None => Some(JobPosting::default()),
        }
        .unwrap_or_default();
        // What the client sent wins over what the posting says.
        let company = self.company.or(read.company);
        let position = self.position.or(read.position);
        let company = match company {
            Some(c) => f.check("company", required(&c, SHORT)),
            None => {
                f.push(
                    "company",
                    "is needed (or a job_posting that names the hiring organization)",
                );
                None
            }
        };
        let position = match position {
            Some(p) => f.check("position", required(&p, SHORT)),
            None => {
                f.push("position", "is needed (or a job_posting with a title)");
                None
            }
        };
        let location = f.text(
            "location",
            self.location.or(read.location).as_deref(),
            MEDIUM,
        );
        let posting_url = f.optional("posting_url", self.posting_url.or(read.url), |u| {
            posting::normalise(&u)
        });
        let posting_id = f.text(
            "posting_id",
            self.posting_id.or(read.posting_id).as_deref(),
            SHORT,
        );
        let source = f.text("source", self.source.as_deref(), SHORT);
        let employer_time_zone = f.optional("employer_time_zone", self.employer_time_zone, zone);
        let strengths = self
            .strengths
            .and_then(|list| Strengths::check(&mut f, "strengths", &list))
            .map(|s| s.to_json());
        let check_in_interval_days = f.optional(
            "check_in_interval_days",
            self.check_in_interval_days,
            interval,
        );
        let notes = f.text("notes", self.notes.as_deref(), LONG);
        let (Some(company), Some(position)) = (company, position) else {
            return Err(f.into_error().into());
        };
        f.finish()?;
        let outcome = self.outcome.unwrap_or(Outcome::Pending);
        Ok(NewApplication {
            id: new_id(),
            user_id: user,
            company,
            position,
            location,
            posting_url,
            posting_id,
            source,
            apply_by: self.apply_by.map(|d| d.0).or(read.apply_by),
            employer_time_zone,
            applied_on: self.applied_on.map(|d| d.0),
            outcome,
            outcome_set_at: (outcome != Outcome::Pending).then_some(Stamp(now)),
            interest: self.interest.unwrap_or(Interest::Unsure),
            decision_expected_on: self.decision_expected_on.map(|d| d.0),
            second_interview_expected_on: self.second_interview_expected_on.map(|d| d.0),
            strengths,
            check_in_interval_days,
            notes,
            created_at: Stamp(now),
            updated_at: Stamp(now),
        })
    }
}

impl UpdateApplication {
    fn parse(self) -> ApiResult<ApplicationChanges> {
        let mut f = Fields::default();
        let day = |d: Option<Option<Day>>| d.map(|d| d.map(|d| d.0));
        let changes = ApplicationChanges {
            company: f.optional("company", self.company, |v| required(&v, SHORT)),
            position: f.optional("position", self.position, |v| required(&v, SHORT)),
            location: f.patch_text("location", self.location, MEDIUM),
            posting_url: match self.posting_url {
                None => None,
                Some(None) => Some(None),
                Some(Some(url)) => f.check("posting_url", posting::normalise(&url)).map(Some),
            },
            posting_id: f.patch_text("posting_id", self.posting_id, SHORT),
            source: f.patch_text("source", self.source, SHORT),
            apply_by: day(self.apply_by),
            employer_time_zone: match self.employer_time_zone {
                None => None,
                Some(None) => Some(None),
                Some(Some(name)) => f.check("employer_time_zone", zone(name)).map(Some),
            },
            applied_on: day(self.applied_on),
            outcome: self.outcome,
            outcome_set_at: None,
            interest: self.interest,
            decision_expected_on: day(self.decision_expected_on),
            second_interview_expected_on: day(self.second_interview_expected_on),
            strengths: match self.strengths {
                None => None,
                Some(None) => Some(None),
                Some(Some(list)) => {
                    Strengths::check(&mut f, "strengths", &list).map(|s| Some(s.to_json()))
                }
            },
            check_in_interval_days: match self.check_in_interval_days {
                None => None,
                Some(None) => Some(None),
                Some(Some(days)) => f.check("check_in_interval_days", interval(days)).map(Some),
            },
            notes: f.patch_text("notes", self.notes, LONG),
        };
        f.finish()?;
        Ok(changes)
    }
}

crate::api::resource::create_one! {
    /// Save an application.
    ///
    /// One position at one employer, from a posting you saved to the outcome. A job-board plugin
    /// sends the page's `posting_url` and its schema.org `JobPosting` (JSON-LD): the server fills
    /// the application from it. A posting saved already answers 409 with the application's
    /// `Location`; `GET /v1/applications?posting_url=` asks first. The engine plans from it at
    /// once: a permission call for the references you link to it, before you apply.
    create_application: "/v1/applications", tag "applications", body CreateApplication,
    service::create => Application "Created: the new application", 409 PostingSaved
}

crate::api::resource::list_page! {
    /// List your applications.
    ///
    /// Oldest first, in pages of `limit`. `posting_url` finds the one that saved a posting (a page
    /// of one, or none); `outcome` narrows the list. With `updated_since`, what changed after that
    /// instant, deletions included as tombstones.
    list_applications: "/v1/applications", tag "applications" filter ApplicationQuery,
    service::list => ApplicationPage "A page of your applications; `next_cursor` is `null` on the last page"
}

crate::api::resource::read_one! {
    /// Read one application.
    ///
    /// The application as stored, with the stage its facts put it at and its `ETag`.
    get_application: "/v1/applications/{id}", tag "applications", id "Application id",
    service::get => Application "The application"
}

crate::api::resource::change_one! {
    /// Change an application.
    ///
    /// Send only the fields to change; `null` clears a nullable field. Its rounds show the new
    /// company, position, outcome, interest and dates, and the follow-up is re-planned in the same
    /// request: a final outcome ends the calls and brings the business circle, a new decision date
    /// replaces the decision check.
    update_application: "/v1/applications/{id}", tag "applications", id "Application id", body UpdateApplication,
    service::update => Application "The application as changed (its plan re-made)", 409 PostingSaved
}

crate::api::resource::delete_one! {
    /// Delete an application.
    ///
    /// Its rounds go with it (their people detached), and its open tasks are cancelled, naming it.
    delete_application: "/v1/applications/{id}", tag "applications", id "Application id",
    service::delete, 409 Conflict
}

/// The path of one reference given for one application.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LinkPath {
    /// Application id
    pub id: Uuid,
    /// Reference id
    pub reference_id: Uuid,
}

/// Read a reference given for an application.
///
/// The reference, if you gave it for this application; 404 otherwise.
#[utoipa::path(
    tag = "applications",
    params(LinkPath),
    responses(
        (status = 200, body = Reference, description = "The reference, given for this application"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/applications/{id}/references/{reference_id}")]
pub async fn get_application_reference(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<LinkPath>,
) -> ApiResult<HttpResponse> {
    let LinkPath { id, reference_id } = path.into_inner();
    let found =
        service::linked_reference(&state.service, user.key(), id.into(), reference_id.into())
            .await?;
    Ok(HttpResponse::Ok().json(Reference::from(found)))
}

/// Give a reference for an application.
///
/// Idempotent: linking it again changes nothing (200); the first link answers 201. The plan
/// follows at once: while you have not applied, their permission call says "before you apply
/// to {company}", and the heads-up before a final interview or an offer goes to the references
/// given for the application (to every reference who agreed, while none is).
#[utoipa::path(
    tag = "applications",
    params(LinkPath),
    responses(
        (status = 201, body = Reference, description = "Linked: the reference"),
        (status = 200, body = Reference, description = "It was linked already: the reference"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[put("/v1/applications/{id}/references/{reference_id}")]
pub async fn link_application_reference(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<LinkPath>,
) -> ApiResult<HttpResponse> {
    let LinkPath { id, reference_id } = path.into_inner();
    let (found, linked) =
        service::link_reference(&state.service, user.key(), id.into(), reference_id.into()).await?;
    let mut reply = if linked {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(reply.json(Reference::from(found)))
}

/// Take a reference back from an application.
///
/// The reference stays yours; the plan stops counting it for this application.
#[utoipa::path(
    tag = "applications",
    params(LinkPath),
    responses(
        (status = 204, description = "Unlinked"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[delete("/v1/applications/{id}/references/{reference_id}")]
pub async fn unlink_application_reference(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<LinkPath>,
) -> ApiResult<HttpResponse> {
    let LinkPath { id, reference_id } = path.into_inner();
    service::unlink_reference(&state.service, user.key(), id.into(), reference_id.into()).await?;
    Ok(HttpResponse::NoContent().finish())
}
