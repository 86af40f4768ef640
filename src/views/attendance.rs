//! An attendance as the API shows it: who was at which interview, and what they discussed.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Rfc3339, object_kind, page::page};
use crate::store::attendances::Attendance as Row;

object_kind!(AttendanceObject = "attendance");

/// A person at an interview, and what they discussed there.
#[derive(Debug, Serialize, ToSchema)]
pub struct Attendance {
    /// The attendance's own id: what its tombstone names once the person is detached.
    pub id: Uuid,
    pub object: AttendanceObject,
    pub interview_id: Uuid,
    pub person_id: Uuid,
    /// What you discussed with them there, written for them; null when not said.
    #[schema(example = "your team's move to event streaming")]
    pub discussed: Option<String>,
    pub created_at: Rfc3339,
    pub updated_at: Rfc3339,
}

impl From<Row> for Attendance {
    fn from(row: Row) -> Self {
        Self {
            id: row.id.uuid(),
            object: AttendanceObject::It,
            interview_id: row.interview_id.uuid(),
            person_id: row.person_id.uuid(),
            discussed: row.discussed,
            created_at: Rfc3339(row.created_at),
            updated_at: Rfc3339(row.updated_at),
        }
    }
}

page!(
    /// A page of attendances: who was at which interview.
    AttendancePage,
    AttendanceItem,
    Attendance,
    "attendance"
);
