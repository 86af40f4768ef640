//! `/v1/interviews`: the interviews a user goes to, and the follow-up each one needs.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::list::{self, Entry, ListQuery, Page};
use crate::api::single;
use crate::auth::AuthUser;
use crate::db::Stamp;
use crate::domain::enums::{Interest, InterviewFormat, InterviewStatus, Outcome, Stage};
use crate::domain::{Day, Fields, Instant, LONG, MEDIUM, SHORT, Whole, nullable, required};
use crate::error::ApiResult;
use crate::http::conditional::IfMatch;
use crate::http::extract::{Json, Query};
use crate::service::Replan;
use crate::state::AppState;
use crate::store::interviews::{self, Interview, InterviewChanges, InterviewFilter, NewInterview};
use crate::store::new_id;
use crate::store::quota::{self, Quota};

pub const DEFAULT_DURATION_MINUTES: i32 = 60;
const MAX_DURATION_MINUTES: i32 = 24 * 60;

#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewResponse {
    pub id: Uuid,
    #[schema(example = "Acme Corp")]
    pub company: String,
    #[schema(example = "Data Engineer")]
    pub position: String,
    pub stage: Stage,
    pub format: InterviewFormat,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub scheduled_at: DateTime<Utc>,
    #[schema(example = 60)]
    pub duration_minutes: i32,
    /// `scheduled_at + duration_minutes`: when thank-you notes start to be due.
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    pub status: InterviewStatus,
    pub outcome: Outcome,
    pub decision_expected_on: Option<NaiveDate>,
    pub second_interview_expected_on: Option<NaiveDate>,
    pub interest: Interest,
    pub notes: Option<String>,
    pub insights: Option<String>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl InterviewResponse {
    pub fn from_row(row: Interview) -> ApiResult<Self> {
        let scheduled_at = row.scheduled_at;
        Ok(Self {
            id: row.id.uuid(),
            stage: row.stage,
            format: row.format,
            status: row.status,
            outcome: row.outcome,
            interest: row.interest,
            ends_at: scheduled_at + Duration::minutes(i64::from(row.duration_minutes)),
            scheduled_at,
            duration_minutes: row.duration_minutes,
            company: row.company,
            position: row.position,
            location: row.location,
            decision_expected_on: row.decision_expected_on,
            second_interview_expected_on: row.second_interview_expected_on,
            notes: row.notes,
            insights: row.insights,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "company": "Acme Corp", "position": "Data Engineer", "stage": "first", "format": "onsite",
    "scheduled_at": "2026-03-03T14:00:00Z", "duration_minutes": 60, "location": "12 High St",
    "decision_expected_on": "2026-03-20", "interest": "yes"
}))]
pub struct CreateInterview {
    #[schema(schema_with = crate::domain::text_schema::<200, true, false>)]
    pub company: String,
    #[schema(schema_with = crate::domain::text_schema::<200, true, false>)]
    pub position: String,
    /// `first` when left out.
    pub stage: Option<Stage>,
    /// `onsite` when left out.
    pub format: Option<InterviewFormat>,
    pub scheduled_at: Instant,
    /// 60 when left out; 1 to 1440.
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 1440)]
    pub duration_minutes: Option<Whole>,
    #[schema(schema_with = crate::domain::text_schema::<1000, false, true>)]
    pub location: Option<String>,
    /// `scheduled` when left out.
    pub status: Option<InterviewStatus>,
    /// `pending` when left out.
    pub outcome: Option<Outcome>,
    pub decision_expected_on: Option<Day>,
    pub second_interview_expected_on: Option<Day>,
    /// `unsure` when left out.
    pub interest: Option<Interest>,
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub notes: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub insights: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InterviewQuery {
    /// Only interviews with this status.
    pub status: Option<InterviewStatus>,
    /// Only interviews with this outcome (`pending` for those still waiting for an answer).
    pub outcome: Option<Outcome>,
}

/// Fields to change; left out stays, `null` clears a nullable field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "completed", "outcome": "offer_pending", "insights": "They are moving to Rust"}))]
pub struct UpdateInterview {
    #[schema(schema_with = crate::domain::text_schema::<200, true, true>)]
    pub company: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<200, true, true>)]
    pub position: Option<String>,
    pub stage: Option<Stage>,
    pub format: Option<InterviewFormat>,
    pub scheduled_at: Option<Instant>,
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 1440)]
    pub duration_minutes: Option<Whole>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<1000, false, true>)]
    pub location: Option<Option<String>>,
    pub status: Option<InterviewStatus>,
    pub outcome: Option<Outcome>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Day>)]
    pub decision_expected_on: Option<Option<Day>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Day>)]
    pub second_interview_expected_on: Option<Option<Day>>,
    pub interest: Option<Interest>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<10000, false, true>)]
    pub insights: Option<Option<String>>,
}

fn duration(minutes: Whole) -> Result<i32, String> {
    minutes.within(1, MAX_DURATION_MINUTES)
}

impl CreateInterview {
    fn parse(self, user: &AuthUser, now: DateTime<Utc>) -> ApiResult<NewInterview> {
        let mut f = Fields::default();
        let company = f.check("company", required(&self.company, SHORT));
        let position = f.check("position", required(&self.position, SHORT));
        let scheduled_at = self.scheduled_at.0;
        let duration_minutes = f.check(
            "duration_minutes",
            duration(
                self.duration_minutes
                    .unwrap_or(Whole(i64::from(DEFAULT_DURATION_MINUTES))),
            ),
        );
        let location = f.text("location", self.location.as_deref(), MEDIUM);
        let decision = self.decision_expected_on.map(|d| d.0);
        let second = self.second_interview_expected_on.map(|d| d.0);
        let notes = f.text("notes", self.notes.as_deref(), LONG);
        let insights = f.text("insights", self.insights.as_deref(), LONG);
        let (Some(company), Some(position), Some(duration_minutes)) =
            (company, position, duration_minutes)
        else {
            return Err(f.into_error().into());
        };
        f.finish()?;
        let outcome = self.outcome.unwrap_or(Outcome::Pending);
        Ok(NewInterview {
            id: new_id(),
            user_id: user.key(),
            company,
            position,
            stage: self.stage.unwrap_or(Stage::First),
            format: self.format.unwrap_or(InterviewFormat::Onsite),
            scheduled_at: Stamp(scheduled_at),
            duration_minutes,
            location,
            status: self.status.unwrap_or(InterviewStatus::Scheduled),
            outcome,
            outcome_set_at: (outcome != Outcome::Pending).then_some(Stamp(now)),
            decision_expected_on: decision,
            second_interview_expected_on: second,
            interest: self.interest.unwrap_or(Interest::Unsure),
            notes,
            insights,
            created_at: Stamp(now),
            updated_at: Stamp(now),
        })
    }
}

impl UpdateInterview {
    fn parse(self, current: &Interview, now: DateTime<Utc>) -> ApiResult<InterviewChanges> {
        let mut f = Fields::default();
        let changes = InterviewChanges {
            company: f.optional("company", self.company, |v| required(&v, SHORT)),
            position: f.optional("position", self.position, |v| required(&v, SHORT)),
            stage: self.stage,
            format: self.format,
            scheduled_at: self.scheduled_at.map(|at| Stamp(at.0)),
            duration_minutes: f.optional("duration_minutes", self.duration_minutes, duration),
            location: f.patch_text("location", self.location, MEDIUM),
            status: self.status,
            outcome_set_at: self
                .outcome
                .filter(|o| *o != current.outcome)
                .map(|o| (o != Outcome::Pending).then_some(Stamp(now))),
            outcome: self.outcome,
            decision_expected_on: self.decision_expected_on.map(|d| d.map(|d| d.0)),
            second_interview_expected_on: self.second_interview_expected_on.map(|d| d.map(|d| d.0)),
            interest: self.interest,
            notes: f.patch_text("notes", self.notes, LONG),
            insights: f.patch_text("insights", self.insights, LONG),
        };
        f.finish()?;
        Ok(changes)
    }
}

/// Add an interview.
///
/// The engine plans at once: questions to ask before you leave, names to write down, and once
/// the interview has ended, a thank-you note for each person attached to it. `scheduled_at` may
/// carry any offset and is answered in UTC; calls are placed in business hours of your time zone
/// (`PATCH /v1/me`).
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    request_body = CreateInterview,
    responses(
        (status = 201, body = InterviewResponse, description = "Created: the new interview, with its `ETag`; `Location` is its URL", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"), ("Location" = String, description = "The URL of the new resource")), links(
                ("GetInterview" = (operation_id = "get_interview", parameters(("id" = "$response.body#/id")))),
                ("UpdateInterview" = (operation_id = "update_interview", parameters(("id" = "$response.body#/id")))),
                ("DeleteInterview" = (operation_id = "delete_interview", parameters(("id" = "$response.body#/id")))),
                ("ListAttendees" = (operation_id = "list_attendees", parameters(("id" = "$response.body#/id")))),
                ("InterviewPlan" = (operation_id = "interview_plan", parameters(("id" = "$response.body#/id")))),
                ("ListInterviewTasks" = (operation_id = "list_tasks", parameters(("interview_id" = "$response.body#/id")))),
                ("ListInterviewPeople" = (operation_id = "list_people", parameters(("interview_id" = "$response.body#/id"))))
            )),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 409, response = crate::http::responses::Conflict),
    )
)]
#[post("/v1/interviews")]
pub async fn create_interview(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<CreateInterview>,
) -> ApiResult<HttpResponse> {
    let new = body.0.parse(&user, state.service.clock().now())?;
    let max = state.config.quotas.interviews;
    let row = state
        .service
        .planned_write(user.key(), move |conn| {
            quota::check(conn, &user.key(), Quota::Interviews, max)?;
            Ok(interviews::insert(conn, &new)?)
        })
        .await?;
    crate::http::conditional::created(
        &req,
        &format!("/v1/interviews/{}", row.id),
        row.version,
        &InterviewResponse::from_row(row)?,
    )
}

/// List your interviews.
///
/// Oldest first, in pages of `limit`, narrowed by `status` or `outcome` if you like. With
/// `updated_since`, what changed after that instant in the order it changed, deletions included
/// as tombstones, so a mobile app can sync.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(ListQuery, InterviewQuery),
    responses(
        (status = 200, body = Page<Entry<InterviewResponse>>, description = "A page of your interviews; `next_cursor` is `null` on the last page"),
        (status = 401, response = crate::http::responses::Unauthorized),
        (status = 422, response = crate::http::responses::Unprocessable),
    )
)]
#[get("/v1/interviews")]
pub async fn list_interviews(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    query: Query<ListQuery>,
    filter: Query<InterviewQuery>,
) -> ApiResult<HttpResponse> {
    let window = query.0.window()?;
    let filter = InterviewFilter {
        status: filter.0.status,
        outcome: filter.0.outcome,
    };
    let load =
        move |conn: &mut _, user: &str, window: &_| interviews::list(conn, user, &filter, window);
    list::respond(
        &state,
        &req,
        &user,
        window,
        load,
        InterviewResponse::from_row,
    )
    .await
}

/// Read one interview.
///
/// With `If-None-Match` set to the `ETag` you hold, answers 304 when nothing changed.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("If-None-Match" = Option<String>, Header, description = "An ETag you hold: 304 if unchanged"),
    ),
    responses(
        (status = 200, body = InterviewResponse, description = "The interview, with its `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        (status = 304, description = "Not modified"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/interviews/{id}")]
pub async fn get_interview(
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
        InterviewResponse::from_row,
    )
    .await
}

/// Change an interview.
///
/// Send only the fields to change; `null` clears a nullable field. Setting the outcome, the
/// decision date or the status re-plans the follow-up in the same request. With `If-Match`,
/// answers 412 if the interview changed since you read it.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    request_body = UpdateInterview,
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the interview changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 200, body = InterviewResponse, description = "The interview as changed (its plan re-made), with its new `ETag`", headers(("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"))),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::BodyErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[patch("/v1/interviews/{id}")]
pub async fn update_interview(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: Json<UpdateInterview>,
) -> ApiResult<HttpResponse> {
    let patch = body.0;
    single::change(
        &state,
        &req,
        user,
        id.into_inner(),
        if_match,
        move |conn, current: &Interview, now| {
            let changes = patch.parse(current, now)?;
            Ok(interviews::update(conn, current, &changes, now)?)
        },
        InterviewResponse::from_row,
    )
    .await
}

/// Delete an interview.
///
/// Detaches its people and cancels its open tasks. With `If-Match`, answers 412 if the
/// interview changed since you read it.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the interview changed since; compared strongly, so a weak tag or anything but a list of entity tags never matches"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[delete("/v1/interviews/{id}")]
pub async fn delete_interview(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    single::remove(&state, user, id.into_inner(), if_match, interviews::delete).await
}

impl single::Replanned for Interview {
    /// Its status, outcome and company are read beyond its hiring process (keep_searching looks
    /// at every open process, a reference's heads-up at every decisive interview): those re-plan
    /// everything; the rest, the process and the people met.
    fn changed(before: &Self, after: &Self) -> Replan {
        if before.status != after.status
            || before.outcome != after.outcome
            || before.company != after.company
        {
            Replan::Everything
        } else {
            Replan::interview(after.id.to_string())
        }
    }

    fn removed(_: &Self) -> Replan {
        Replan::Everything
    }
}
