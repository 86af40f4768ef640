//! An application as the API shows it: one hiring process, with the stage its facts put it at.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Rfc3339, object_kind, page::page};
use crate::domain::enums::{ApplicationStage, Interest, Outcome};
use crate::store::applications::Staged;

object_kind!(ApplicationObject = "application");

#[derive(Debug, Serialize, ToSchema)]
pub struct Application {
    pub id: Uuid,
    pub object: ApplicationObject,
    #[schema(example = "Initech")]
    pub company: String,
    #[schema(example = "Backend Developer")]
    pub position: String,
    #[schema(example = "Austin, TX")]
    pub location: Option<String>,
    /// The posting's address as kept: scheme and host lower-case, no fragment, no default port,
    /// no tracking parameters. Unique among your live applications.
    #[schema(example = "https://careers.initech.example/jobs/DE-2041")]
    pub posting_url: Option<String>,
    /// The board's or employer's id of the posting.
    pub posting_id: Option<String>,
    /// Where you found it: a job board, a referral.
    pub source: Option<String>,
    /// The last day to apply, when the posting says.
    pub apply_by: Option<NaiveDate>,
    /// The employer's IANA time zone: calls are placed in its business hours, and dates in
    /// notes are written as they are there.
    #[schema(value_type = Option<crate::domain::TimeZoneName>)]
    pub employer_time_zone: Option<String>,
    /// The day you applied; null while it is only saved.
    pub applied_on: Option<NaiveDate>,
    pub outcome: Outcome,
    /// When the outcome was last set; null while it is `pending`.
    pub outcome_set_at: Option<Rfc3339>,
    pub interest: Interest,
    pub decision_expected_on: Option<NaiveDate>,
    pub second_interview_expected_on: Option<NaiveDate>,
    /// The strengths to restate for this job; null: your profile's.
    pub strengths: Option<Vec<String>>,
    /// Days between check-ins with this employer; null: your rule setting.
    #[schema(minimum = 1, maximum = 90)]
    pub check_in_interval_days: Option<i32>,
    pub notes: Option<String>,
    /// Read from the facts: `saved` before you apply, `applied`, `interviewing` once a round is
    /// booked, `offer` while one is pending, `closed` once the outcome is final.
    pub stage: ApplicationStage,
    pub created_at: Rfc3339,
    pub updated_at: Rfc3339,
}

impl From<Staged> for Application {
    fn from(staged: Staged) -> Self {
        let stage = staged.stage();
        let row = staged.application;
        Self {
            id: row.id.uuid(),
            object: ApplicationObject::It,
            company: row.company,
            position: row.position,
            location: row.location,
            posting_url: row.posting_url,
            posting_id: row.posting_id,
            source: row.source,
            apply_by: row.apply_by,
            employer_time_zone: row.employer_time_zone.map(|tz| tz.name().to_string()),
            applied_on: row.applied_on,
            outcome: row.outcome,
            outcome_set_at: row.outcome_set_at.map(Rfc3339),
            interest: row.interest,
            decision_expected_on: row.decision_expected_on,
            second_interview_expected_on: row.second_interview_expected_on,
            strengths: row.strengths.map(|s| s.into_vec()),
            check_in_interval_days: row.check_in_interval_days,
            notes: row.notes,
            stage,
            created_at: Rfc3339(row.created_at),
            updated_at: Rfc3339(row.updated_at),
        }
    }
}

page!(
    /// A page of applications.
    ApplicationPage,
    ApplicationItem,
    Application,
    "application"
);
