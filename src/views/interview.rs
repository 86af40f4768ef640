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
    #[schema(example = "Acme Corp")]
    pub company: String,
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
    pub outcome: Outcome,
    pub decision_expected_on: Option<NaiveDate>,
    pub second_interview_expected_on: Option<NaiveDate>,
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
