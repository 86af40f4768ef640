//! A task as the API shows it.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Rfc3339, object_kind, page::page, uuid};
use crate::domain::enums::{Channel, RuleId, TaskKind, TaskStatus};
use crate::store::tasks::Task as Row;

object_kind!(TaskObject = "task");

/// The rule a task came from: a built-in rule's id, or the id of one of your custom rules.
fn rule_id_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
    use utoipa::openapi::{Ref, schema::SchemaType};
    // anyOf: a rule id is also a string, so the branches overlap, as oneOf must not.
    AnyOfBuilder::new()
        .item(Ref::from_schema_name("RuleId"))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))),
        )
        .item(ObjectBuilder::new().schema_type(SchemaType::Type(Type::Null)))
        .description(Some(
            "The built-in rule that made the task (a `RuleId`), or the id of your custom rule \
             that did; `null` for a task of your own.",
        ))
        .build()
        .into()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Task {
    pub id: Uuid,
    pub object: TaskObject,
    pub kind: TaskKind,
    #[schema(schema_with = rule_id_schema)]
    pub rule_id: Option<String>,
    #[schema(example = "Send a thank-you to Maria Lopez, Head of Data")]
    pub title: String,
    /// Why the task exists, in plain words.
    pub reason: Option<String>,
    /// A draft of the message, for notes and emails. `GET /v1/tasks/{id}/compose` hands its
    /// email part to a mail app, addressed.
    pub draft: Option<String>,
    pub notes: Option<String>,
    pub status: TaskStatus,
    /// Why it was skipped or cancelled.
    pub status_reason: Option<String>,
    /// Not to be done before this instant (a call 48 hours after the note, say).
    pub not_before: Option<Rfc3339>,
    pub due_at: Option<Rfc3339>,
    pub channel: Option<Channel>,
    /// The application it belongs to: its own tasks and its rounds'.
    pub application_id: Option<Uuid>,
    pub interview_id: Option<Uuid>,
    pub interviewer_id: Option<Uuid>,
    pub reference_id: Option<Uuid>,
    pub completed_at: Option<Rfc3339>,
    pub completion_channel: Option<Channel>,
    pub completion_note: Option<String>,
    pub created_at: Rfc3339,
    pub updated_at: Rfc3339,
}

impl From<Row> for Task {
    fn from(row: Row) -> Self {
        Self {
            id: row.id.uuid(),
            object: TaskObject::It,
            kind: row.kind,
            rule_id: row.rule_id,
            title: row.title,
            reason: row.reason,
            draft: row.draft,
            notes: row.notes,
            status: row.status,
            status_reason: row.status_reason,
            not_before: row.not_before.map(Rfc3339),
            due_at: row.due_at.map(Rfc3339),
            channel: row.channel,
            application_id: uuid(row.application_id),
            interview_id: uuid(row.interview_id),
            interviewer_id: uuid(row.interviewer_id),
            reference_id: uuid(row.reference_id),
            completed_at: row.completed_at.map(Rfc3339),
            completion_channel: row.completion_channel,
            completion_note: row.completion_note,
            created_at: Rfc3339(row.created_at),
            updated_at: Rfc3339(row.updated_at),
        }
    }
}

impl Task {
    /// The built-in rule that made it, if one did.
    pub fn rule(&self) -> Option<RuleId> {
        self.kind.rule()
    }
}

page!(
    /// A page of tasks.
    TaskPage,
    TaskItem,
    Task,
    "task"
);
