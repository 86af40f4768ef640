//! `/v1/interviews`: the interviews a user goes to, and the follow-up each one needs.

use actix_web::{delete, get, patch, post};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::db::Stamp;
use crate::domain::enums::{Interest, InterviewFormat, InterviewStatus, Outcome, Stage};
use crate::domain::{Day, Fields, Id, Instant, LONG, MEDIUM, SHORT, Whole, nullable, required};
use crate::error::ApiResult;
use crate::service::interviews::{self as service, Answers, For, Move, NewRound, RoundChanges};
use crate::store::interviews::{InterviewChanges, InterviewFilter, NewInterview};
use crate::store::new_id;
use crate::views::interview::{Interview, InterviewPage};

pub const DEFAULT_DURATION_MINUTES: i32 = 60;
const MAX_DURATION_MINUTES: i32 = 24 * 60;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "company": "Acme Corp", "position": "Data Engineer", "stage": "first", "format": "onsite",
    "scheduled_at": "2026-03-03T14:00:00Z", "duration_minutes": 60, "location": "12 High St"
}))]
pub struct CreateInterview {
    /// The application this is a round of. Leave it out and send `company` and `position`
    /// instead: the round then belongs to the open application for those, made when there is
    /// none.
    pub application_id: Option<Uuid>,
    /// The application's company: needed without `application_id`; with it, it must be the
    /// application's (case and spacing aside).
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub company: Option<String>,
    /// The application's position, as `company`.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub position: Option<String>,
    /// `first` when left out.
    pub stage: Option<Stage>,
    /// `onsite` when left out.
    pub format: Option<InterviewFormat>,
    pub scheduled_at: Instant,
    /// 60 when left out; 1 to 1440.
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 1440)]
    pub duration_minutes: Option<Whole>,
    #[schema(schema_with = crate::domain::text_schema::<MEDIUM, false, true>)]
    pub location: Option<String>,
    /// `scheduled` when left out; `completed` only once `scheduled_at` has passed.
    pub status: Option<InterviewStatus>,
    /// The application's (deprecated here): sent with a round, it is written to the
    /// application, and every round of it shows the same value.
    #[schema(deprecated)]
    pub outcome: Option<Outcome>,
    /// The application's (deprecated here), as `outcome`.
    #[schema(deprecated)]
    pub decision_expected_on: Option<Day>,
    /// The application's (deprecated here), as `outcome`.
    #[schema(deprecated)]
    pub second_interview_expected_on: Option<Day>,
    /// The application's (deprecated here), as `outcome`.
    #[schema(deprecated)]
    pub interest: Option<Interest>,
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub notes: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub insights: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InterviewQuery {
    /// Only the rounds of this application.
    pub application_id: Option<Uuid>,
    /// Only interviews with this status.
    pub status: Option<InterviewStatus>,
    /// Only interviews whose application has this outcome (`pending` for those still waiting
    /// for an answer).
    pub outcome: Option<Outcome>,
}

impl crate::api::listing::Narrows for InterviewQuery {
    type Filter = InterviewFilter;
    fn filter(self) -> ApiResult<InterviewFilter> {
        Ok(InterviewFilter {
            application_id: self.application_id.map(Into::into),
            status: self.status,
            outcome: self.outcome,
        })
    }
}

/// Fields to change; left out stays, `null` clears a nullable field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "completed", "outcome": "offer_pending", "insights": "They are moving to Rust"}))]
pub struct UpdateInterview {
    /// Move the round to another of your applications.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub application_id: Option<Uuid>,
    /// Another company (with `position`, or the round's own): the round moves to the open
    /// application for them, made when there is none; when it was its application's only
    /// round, that application is renamed instead.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub company: Option<String>,
    /// Another position, as `company`.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub position: Option<String>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub stage: Option<Stage>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub format: Option<InterviewFormat>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub scheduled_at: Option<Instant>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(value_type = i32, minimum = 1, maximum = 1440)]
    pub duration_minutes: Option<Whole>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<MEDIUM, false, true>)]
    pub location: Option<Option<String>>,
    /// `completed` only once `scheduled_at` has passed (a completed interview's `scheduled_at`
    /// cannot move into the future).
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub status: Option<InterviewStatus>,
    /// The application's (deprecated here): written to the application and shown by every
    /// round of it.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(deprecated, nullable = false)]
    pub outcome: Option<Outcome>,
    /// The application's (deprecated here), as `outcome`.
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Day>, deprecated)]
    pub decision_expected_on: Option<Option<Day>>,
    /// The application's (deprecated here), as `outcome`.
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(nullable, value_type = Option<Day>, deprecated)]
    pub second_interview_expected_on: Option<Option<Day>>,
    /// The application's (deprecated here), as `outcome`.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(deprecated, nullable = false)]
    pub interest: Option<Interest>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub insights: Option<Option<String>>,
}

fn duration(minutes: Whole) -> Result<i32, String> {
    minutes.within(1, MAX_DURATION_MINUTES)
}

impl CreateInterview {
    fn parse(self, user: Id, now: DateTime<Utc>) -> ApiResult<NewRound> {
        let mut f = Fields::default();
        let company = self
            .company
            .as_deref()
            .and_then(|c| f.check("company", required(c, SHORT)));
        let position = self
            .position
            .as_deref()
            .and_then(|p| f.check("position", required(p, SHORT)));
        let application = match (self.application_id, company, position) {
            (Some(id), company, position) => Some(For::Application {
                id: id.into(),
                company,
                position,
            }),
            (None, Some(company), Some(position)) => Some(For::Job { company, position }),
            (None, _, _) => {
                for (field, sent) in [("company", &self.company), ("position", &self.position)] {
                    if sent.is_none() {
                        f.push(field, "is needed without application_id");
                    }
                }
                None
            }
        };
        let scheduled_at = self.scheduled_at.0;
        let duration_minutes = f.check(
            "duration_minutes",
            duration(
                self.duration_minutes
                    .unwrap_or(Whole(i64::from(DEFAULT_DURATION_MINUTES))),
            ),
        );
        let location = f.text("location", self.location.as_deref(), MEDIUM);
        let notes = f.text("notes", self.notes.as_deref(), LONG);
        let insights = f.text("insights", self.insights.as_deref(), LONG);
        let (Some(application), Some(duration_minutes)) = (application, duration_minutes) else {
            return Err(f.into_error().into());
        };
        f.finish()?;
        let answers = Answers {
            outcome: self.outcome,
            interest: self.interest,
            decision_expected_on: self.decision_expected_on.map(|d| Some(d.0)),
            second_interview_expected_on: self.second_interview_expected_on.map(|d| Some(d.0)),
        };
        // The copies of the application's fields are the service's to fill in.
        let interview = NewInterview {
            id: new_id(),
            user_id: user,
            company: String::new(),
            position: String::new(),
            stage: self.stage.unwrap_or(Stage::First),
            format: self.format.unwrap_or(InterviewFormat::Onsite),
            scheduled_at: Stamp(scheduled_at),
            duration_minutes,
            location,
            status: self.status.unwrap_or(InterviewStatus::Scheduled),
            outcome: Outcome::Pending,
            outcome_set_at: None,
            decision_expected_on: None,
            second_interview_expected_on: None,
            interest: Interest::Unsure,
            notes,
            insights,
            application_id: None,
            created_at: Stamp(now),
            updated_at: Stamp(now),
        };
        Ok(NewRound {
            interview,
            application,
            answers,
        })
    }
}

impl UpdateInterview {
    fn parse(self) -> ApiResult<RoundChanges> {
        let mut f = Fields::default();
        let company = f.optional("company", self.company, |v| required(&v, SHORT));
        let position = f.optional("position", self.position, |v| required(&v, SHORT));
        let interview = InterviewChanges {
            stage: self.stage,
            format: self.format,
            scheduled_at: self.scheduled_at.map(|at| Stamp(at.0)),
            duration_minutes: f.optional("duration_minutes", self.duration_minutes, duration),
            location: f.patch_text("location", self.location, MEDIUM),
            status: self.status,
            notes: f.patch_text("notes", self.notes, LONG),
            insights: f.patch_text("insights", self.insights, LONG),
            ..InterviewChanges::default()
        };
        f.finish()?;
        let answers = Answers {
            outcome: self.outcome,
            interest: self.interest,
            decision_expected_on: self.decision_expected_on.map(|d| d.map(|d| d.0)),
            second_interview_expected_on: self.second_interview_expected_on.map(|d| d.map(|d| d.0)),
        };
        let application = match (self.application_id, company, position) {
            (Some(id), _, _) => Some(Move::To(id.into())),
            (None, None, None) => None,
            (None, company, position) => Some(Move::Job { company, position }),
        };
        Ok(RoundChanges {
            interview,
            application,
            answers,
        })
    }
}

crate::api::resource::create_one! {
    /// Add an interview.
    ///
    /// The engine plans at once: questions to ask before you leave, names to write down, and once
    /// the interview has ended, a thank-you note for each person attached to it. `scheduled_at` may
    /// carry any offset and is answered in UTC; calls are placed in business hours of your time zone
    /// (`PATCH /v1/me`).
    create_interview: "/v1/interviews", tag "interviews", body CreateInterview,
    service::create => Interview "Created: the new interview", 409 Conflict
}

crate::api::resource::list_page! {
    /// List your interviews.
    ///
    /// Oldest first, in pages of `limit`, narrowed by `status` or `outcome` if you like. With
    /// `updated_since`, what changed after that instant in the order it changed, deletions included
    /// as tombstones, so a mobile app can sync.
    list_interviews: "/v1/interviews", tag "interviews" filter InterviewQuery,
    service::list => InterviewPage "A page of your interviews; `next_cursor` is `null` on the last page"
}

crate::api::resource::read_one! {
    /// Read one interview.
    ///
    /// The interview as stored, with its `ETag`.
    get_interview: "/v1/interviews/{id}", tag "interviews", id "Interview id",
    service::get => Interview "The interview"
}

crate::api::resource::change_one! {
    /// Change an interview.
    ///
    /// Send only the fields to change; `null` clears a nullable field. Setting the outcome, the
    /// decision date or the status re-plans the follow-up in the same request.
    update_interview: "/v1/interviews/{id}", tag "interviews", id "Interview id", body UpdateInterview,
    service::update => Interview "The interview as changed (its plan re-made)", 409 Conflict
}

crate::api::resource::delete_one! {
    /// Delete an interview.
    ///
    /// Detaches its people and cancels its open tasks.
    delete_interview: "/v1/interviews/{id}", tag "interviews", id "Interview id",
    service::delete, 409 Conflict
}
