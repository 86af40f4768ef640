//! Instants in bodies: RFC 3339 in UTC (`2026-03-03T14:00:00Z`), written by hand
//! (`instant_text`: chrono's `Display` was a tenth of a task-list request under perf).

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

/// An instant as the API writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rfc3339(pub DateTime<Utc>);

impl From<DateTime<Utc>> for Rfc3339 {
    fn from(at: DateTime<Utc>) -> Self {
        Self(at)
    }
}

impl Serialize for Rfc3339 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&crate::instant_text::rfc3339(&self.0))
    }
}

impl utoipa::PartialSchema for Rfc3339 {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .into()
    }
}

impl utoipa::ToSchema for Rfc3339 {
    fn name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
}
