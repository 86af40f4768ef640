//! An interview as the API shows it.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Rfc3339, object_kind, page::page};
use crate::domain::enums::{Interest, InterviewFormat, InterviewStatus, Outcome, Stage};
use crate::store::interviews::Interview as Row;

object_kind!(InterviewObject = "interview");

#[derive(Debug, Serialize, ToSchema)]
pub struct Interview {
    pub id: Uuid,
    pub object: InterviewObject,
    /// The application this is a round of.
    pub application_id: Option<Uuid>,
    /// The application's company (a copy).
    #[schema(example = "Acme Corp")]
    pub company: String,
    /// The application's position (a copy).
    #[schema(example = "Data Engineer")]
    pub position: String,
    pub stage: Stage,
    pub format: InterviewFormat,
    pub scheduled_at: Rfc3339,
    #[schema(example = 60)]
    pub duration_minutes: i32,
    /// `scheduled_at + duration_minutes`: when thank-you notes start to be due.
    pub ends_at: Rfc3339,
    pub location: Option<String>,
    pub status: InterviewStatus,
    /// The application's outcome (deprecated here: read it on the application). Every round
    /// of one application shows the same.
    #[schema(deprecated)]
    pub outcome: Outcome,
    /// The application's (deprecated here), as `outcome`.
    #[schema(deprecated)]
    pub decision_expected_on: Option<NaiveDate>,
    /// The application's (deprecated here), as `outcome`.
    #[schema(deprecated)]
    pub second_interview_expected_on: Option<NaiveDate>,
    /// The application's (deprecated here), as `outcome`.
    #[schema(deprecated)]
    pub interest: Interest,
    pub notes: Option<String>,
    pub insights: Option<String>,
    pub created_at: Rfc3339,
    pub updated_at: Rfc3339,
}

impl From<Row> for Interview {
    fn from(row: Row) -> Self {
        let scheduled_at = row.scheduled_at;
        Self {
            id: row.id.uuid(),
            object: InterviewObject::It,
            application_id: row.application_id.map(|id| id.uuid()),
            stage: row.stage,
            format: row.format,
            status: row.status,
            outcome: row.outcome,
            interest: row.interest,
            ends_at: Rfc3339(scheduled_at + Duration::minutes(i64::from(row.duration_minutes))),
            scheduled_at: Rfc3339(scheduled_at),
            duration_minutes: row.duration_minutes,
            company: row.company,
            position: row.position,
            location: row.location,
            decision_expected_on: row.decision_expected_on,
            second_interview_expected_on: row.second_interview_expected_on,
            notes: row.notes,
            insights: row.insights,
            created_at: Rfc3339(row.created_at),
            updated_at: Rfc3339(row.updated_at),
        }
    }
}

page!(
    /// A page of interviews.
    InterviewPage,
    InterviewItem,
    Interview,
    "interview"
);
