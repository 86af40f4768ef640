//! A reference as the API shows it.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Rfc3339, object_kind, page::page};
use crate::domain::enums::Permission;
use crate::store::references::Reference as Row;

object_kind!(ReferenceObject = "reference");

#[derive(Debug, Serialize, ToSchema)]
pub struct Reference {
    pub id: Uuid,
    pub object: ReferenceObject,
    #[schema(example = "John Smith")]
    pub name: String,
    #[schema(example = "former manager")]
    pub relationship: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postal_address: Option<String>,
    pub permission: Permission,
    /// Set by the server when permission becomes `requested` (or is answered without asking).
    pub permission_asked_at: Option<Rfc3339>,
    /// Set by the server when permission becomes `granted` or `declined`.
    pub permission_answered_at: Option<Rfc3339>,
    pub notes: Option<String>,
    pub created_at: Rfc3339,
    pub updated_at: Rfc3339,
}

impl From<Row> for Reference {
    fn from(row: Row) -> Self {
        Self {
            id: row.id.uuid(),
            object: ReferenceObject::It,
            permission: row.permission,
            name: row.name,
            relationship: row.relationship,
            company: row.company,
            title: row.title,
            email: row.email,
            phone: row.phone,
            postal_address: row.postal_address,
            permission_asked_at: row.permission_asked_at.map(Rfc3339),
            permission_answered_at: row.permission_answered_at.map(Rfc3339),
            notes: row.notes,
            created_at: Rfc3339(row.created_at),
            updated_at: Rfc3339(row.updated_at),
        }
    }
}

page!(
    /// A page of references.
    ReferencePage,
    ReferenceItem,
    Reference,
    "reference"
);
