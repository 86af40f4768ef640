//! Someone met at an interview (receptionists included) as the API shows them.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Rfc3339, object_kind, page::page};
use crate::domain::enums::{PreferredChannel, Role};
use crate::store::people::Person as Row;

object_kind!(InterviewerObject = "interviewer");

/// Anyone met at an interview: interviewers, recruiters, receptionists, assistants and
/// secretaries alike, each of whom gets a thank-you note.
#[derive(Debug, Serialize, ToSchema)]
pub struct Interviewer {
    pub id: Uuid,
    pub object: InterviewerObject,
    #[schema(example = "Maria Lopez")]
    pub name: String,
    /// How a letter greets them, after "Dear"; null: by their full name.
    #[schema(example = "Ms. Lopez")]
    pub salutation: Option<String>,
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
    /// Your own notes about them: private, never put in a draft.
    pub notes: Option<String>,
    /// Keep them in your business circle after the process ends.
    pub keep_in_touch: bool,
    pub created_at: Rfc3339,
    pub updated_at: Rfc3339,
}

impl From<Row> for Interviewer {
    fn from(row: Row) -> Self {
        Self {
            id: row.id.uuid(),
            object: InterviewerObject::It,
            role: row.role,
            preferred_channel: row.preferred_channel,
            name: row.name,
            salutation: row.salutation,
            title: row.title,
            company: row.company,
            email: row.email,
            phone: row.phone,
            fax: row.fax,
            postal_address: row.postal_address,
            business_card: row.business_card,
            notes: row.notes,
            keep_in_touch: row.keep_in_touch,
            created_at: Rfc3339(row.created_at),
            updated_at: Rfc3339(row.updated_at),
        }
    }
}

page!(
    /// A page of the people you met.
    InterviewerPage,
    InterviewerItem,
    Interviewer,
    "interviewer"
);
