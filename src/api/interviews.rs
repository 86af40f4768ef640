//! `/v1/interviews`: the interviews a user goes to, and the follow-up each one needs.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::list::{self, Entry, ListQuery, Page};
use crate::api::single;
use crate::auth::AuthUser;
use crate::clock;
use crate::domain::enums::{Interest, InterviewFormat, InterviewStatus, Outcome, Stage};
use crate::domain::{Fields, LONG, MEDIUM, SHORT, nullable, required};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::IfMatch;
use crate::http::extract::{Json, Query};
use crate::rules::planned_write;
use crate::state::AppState;
use crate::store::interviews::{self, Interview, InterviewChanges, NewInterview};
use crate::store::new_id;

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
        let scheduled_at = row.scheduled_at.and_utc();
        Ok(Self {
            id: Uuid::parse_str(&row.id).map_err(ApiError::internal)?,
            stage: Stage::from_db(&row.stage)?,
            format: InterviewFormat::from_db(&row.format)?,
            status: InterviewStatus::from_db(&row.status)?,
            outcome: Outcome::from_db(&row.outcome)?,
            interest: Interest::from_db(&row.interest)?,
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
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
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
    pub company: String,
    pub position: String,
    /// `first` when left out.
    pub stage: Option<Stage>,
    /// `onsite` when left out.
    pub format: Option<InterviewFormat>,
    pub scheduled_at: DateTime<Utc>,
    /// 60 when left out; 1 to 1440.
    pub duration_minutes: Option<i32>,
    pub location: Option<String>,
    /// `scheduled` when left out.
    pub status: Option<InterviewStatus>,
    /// `pending` when left out.
    pub outcome: Option<Outcome>,
    pub decision_expected_on: Option<NaiveDate>,
    pub second_interview_expected_on: Option<NaiveDate>,
    /// `unsure` when left out.
    pub interest: Option<Interest>,
    pub notes: Option<String>,
    pub insights: Option<String>,
}

/// Fields to change; left out stays, `null` clears a nullable field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "completed", "outcome": "offer_pending", "insights": "They are moving to Rust"}))]
pub struct UpdateInterview {
    pub company: Option<String>,
    pub position: Option<String>,
    pub stage: Option<Stage>,
    pub format: Option<InterviewFormat>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub duration_minutes: Option<i32>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<String>)]
    pub location: Option<Option<String>>,
    pub status: Option<InterviewStatus>,
    pub outcome: Option<Outcome>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<NaiveDate>)]
    pub decision_expected_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<NaiveDate>)]
    pub second_interview_expected_on: Option<Option<NaiveDate>>,
    pub interest: Option<Interest>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<String>)]
    pub insights: Option<Option<String>>,
}

fn duration(minutes: i32) -> Result<i32, String> {
    if (1..=MAX_DURATION_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(format!(
            "must be between 1 and {MAX_DURATION_MINUTES} minutes"
        ))
    }
}

/// Interviews between 1990 and 2200: a typo in the year is caught rather than planned for.
fn plausible(at: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    plausible_date(at.date_naive()).map(|_| clock::truncate(at))
}

fn plausible_date(date: NaiveDate) -> Result<NaiveDate, String> {
    use chrono::Datelike;
    if (1990..=2200).contains(&date.year()) {
        Ok(date)
    } else {
        Err("must be between the years 1990 and 2200".into())
    }
}

impl CreateInterview {
    fn parse(self, user: &AuthUser) -> ApiResult<NewInterview> {
        let mut f = Fields::default();
        let company = f.check("company", required(&self.company, SHORT));
        let position = f.check("position", required(&self.position, SHORT));
        let scheduled_at = f.check("scheduled_at", plausible(self.scheduled_at));
        let duration_minutes = f.check(
            "duration_minutes",
            duration(self.duration_minutes.unwrap_or(DEFAULT_DURATION_MINUTES)),
        );
        let location = f.text("location", self.location.as_deref(), MEDIUM);
        let decision = f.optional(
            "decision_expected_on",
            self.decision_expected_on,
            plausible_date,
        );
        let second = f.optional(
            "second_interview_expected_on",
            self.second_interview_expected_on,
            plausible_date,
        );
        let notes = f.text("notes", self.notes.as_deref(), LONG);
        let insights = f.text("insights", self.insights.as_deref(), LONG);
        let (Some(company), Some(position), Some(scheduled_at), Some(duration_minutes)) =
            (company, position, scheduled_at, duration_minutes)
        else {
            return Err(f.into_error());
        };
        f.finish()?;
        let now = clock::naive(clock::now());
        let outcome = self.outcome.unwrap_or(Outcome::Pending);
        Ok(NewInterview {
            id: new_id(),
            user_id: user.key(),
            company,
            position,
            stage: self.stage.unwrap_or(Stage::First).as_str().into(),
            format: self
                .format
                .unwrap_or(InterviewFormat::Onsite)
                .as_str()
                .into(),
            scheduled_at: scheduled_at.naive_utc(),
            duration_minutes,
            location,
            status: self
                .status
                .unwrap_or(InterviewStatus::Scheduled)
                .as_str()
                .into(),
            outcome: outcome.as_str().into(),
            outcome_set_at: (outcome != Outcome::Pending).then_some(now),
            decision_expected_on: decision,
            second_interview_expected_on: second,
            interest: self.interest.unwrap_or(Interest::Unsure).as_str().into(),
            notes,
            insights,
            created_at: now,
            updated_at: now,
        })
    }
}

impl UpdateInterview {
    fn parse(self, current: &Interview) -> ApiResult<InterviewChanges> {
        let mut f = Fields::default();
        let changes = InterviewChanges {
            company: f.optional("company", self.company, |v| required(&v, SHORT)),
            position: f.optional("position", self.position, |v| required(&v, SHORT)),
            stage: self.stage.map(|v| v.as_str().into()),
            format: self.format.map(|v| v.as_str().into()),
            scheduled_at: f
                .optional("scheduled_at", self.scheduled_at, plausible)
                .map(|at| at.naive_utc()),
            duration_minutes: f.optional("duration_minutes", self.duration_minutes, duration),
            location: f.patch_text("location", self.location, MEDIUM),
            status: self.status.map(|v| v.as_str().into()),
            outcome_set_at: self
                .outcome
                .filter(|o| o.as_str() != current.outcome)
                .map(|o| (o != Outcome::Pending).then(|| clock::naive(clock::now()))),
            outcome: self.outcome.map(|v| v.as_str().into()),
            decision_expected_on: self
                .decision_expected_on
                .map(|d| d.and_then(|d| f.check("decision_expected_on", plausible_date(d)))),
            second_interview_expected_on: self.second_interview_expected_on.map(|d| {
                d.and_then(|d| f.check("second_interview_expected_on", plausible_date(d)))
            }),
            interest: self.interest.map(|v| v.as_str().into()),
            notes: f.patch_text("notes", self.notes, LONG),
            insights: f.patch_text("insights", self.insights, LONG),
        };
        f.finish()?;
        Ok(changes)
    }
}

/// Add an interview.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    request_body = CreateInterview,
    responses(
        (status = 201, body = InterviewResponse, headers(("ETag" = String), ("Location" = String))),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[post("/v1/interviews")]
pub async fn create_interview(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<CreateInterview>,
) -> ApiResult<HttpResponse> {
    let new = body.0.parse(&user)?;
    let row = planned_write(&state.pool, user.key(), move |conn| {
        interviews::insert(conn, &new)
    })
    .await?;
    crate::http::conditional::created(
        &req,
        &format!("/v1/interviews/{}", row.id),
        row.version,
        &InterviewResponse::from_row(row)?,
    )
}

/// Your interviews, oldest first; with `updated_since`, what changed (deletions included).
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, body = Page<Entry<InterviewResponse>>),
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
) -> ApiResult<HttpResponse> {
    let window = query.0.window()?;
    list::respond(
        &state,
        &req,
        &user,
        window,
        interviews::list,
        InterviewResponse::from_row,
    )
    .await
}

/// One interview, with its `ETag`.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("If-None-Match" = Option<String>, Header, description = "An ETag you hold: 304 if unchanged"),
    ),
    responses(
        (status = 200, body = InterviewResponse, headers(("ETag" = String))),
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

/// Change an interview: its status, outcome, dates, notes...
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    request_body = UpdateInterview,
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the interview changed since"),
    ),
    responses(
        (status = 200, body = InterviewResponse, headers(("ETag" = String))),
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
            let changes = patch.parse(current)?;
            interviews::update(conn, current, &changes, now)
        },
        InterviewResponse::from_row,
    )
    .await
}

/// Delete an interview: detaches its people and cancels its open tasks.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Interview id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the interview changed since"),
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
