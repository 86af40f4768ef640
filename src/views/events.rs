//! The body of a webhook delivery: the envelope (`id`, `type`, `timestamp`) around `data`, the
//! resource as the API shows it, or its tombstone when it is gone. The document's `webhooks`
//! section is written from the types here, and the webhook tests hold every delivery to it.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::db::DbConnection;
use crate::domain::enums::{EventSubject, EventType};
use crate::store::applications;
use crate::store::error::{StoreError, StoreResult};
use crate::store::webhooks::Event;
use crate::views::application::ApplicationItem;
use crate::views::interview::InterviewItem;
use crate::views::task::TaskItem;
use crate::views::{Rfc3339, Tombstone};

/// The envelope every delivery's body is, as sent: `data` already rendered.
#[derive(Debug, Serialize)]
struct Envelope<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    event_type: EventType,
    timestamp: Rfc3339,
    data: Value,
}

/// The body of `event`: `data` is the resource as `render` found it, or its tombstone.
pub fn envelope(event: &Event, data: Option<Value>) -> StoreResult<String> {
    let data = match data {
        Some(data) => data,
        None => {
            let id = uuid::Uuid::parse_str(&event.resource_id).map_err(|_| {
                StoreError::Corrupt(format!("an event's resource id: {:?}", event.resource_id))
            })?;
            serde_json::to_value(Tombstone::new(id, event.created_at))
                .map_err(|err| StoreError::Corrupt(format!("a tombstone: {err}")))?
        }
    };
    serde_json::to_string(&Envelope {
        id: &event.id,
        event_type: event.event_type,
        timestamp: Rfc3339(event.created_at),
        data,
    })
    .map_err(|err| StoreError::Corrupt(format!("an envelope does not serialise: {err}")))
}

/// The schemas of the bodies, one per subject, for the document (`openapi::document_webhooks`).
macro_rules! event_body {
    ($(#[doc = $doc:literal])* $name:ident, $item:ty) => {
        $(#[doc = $doc])*
        // Never built: the wire is `Envelope`, which the webhook tests hold to these.
        #[derive(Debug, Serialize, ToSchema)]
        #[allow(dead_code)]
        pub struct $name {
            /// The event's id, also sent as the `webhook-id` header: the same on every retry of
            /// this event, so drop a delivery whose id you have seen.
            #[schema(example = "msg_01939a8e7c2a7d4e9a530c8a3f1b2d4e")]
            pub id: String,
            /// What happened. Accept a type you do not know.
            #[serde(rename = "type")]
            pub event_type: EventType,
            /// When it happened.
            pub timestamp: Rfc3339,
            /// The resource as `GET` on it shows it when the event was recorded, or its tombstone
            /// if it was gone by then (`object` tells them apart).
            pub data: $item,
        }
    };
}

event_body!(
    /// A `task.*` event's body: the task.
    TaskEvent,
    TaskItem
);
event_body!(
    /// An `interview.*` event's body: the interview.
    InterviewEvent,
    InterviewItem
);
event_body!(
    /// An `application.*` event's body: the application.
    ApplicationEvent,
    ApplicationItem
);

/// The schema name of the body an event of `subject` has.
pub fn body_schema(subject: EventSubject) -> &'static str {
    match subject {
        EventSubject::Task => "TaskEvent",
        EventSubject::Interview => "InterviewEvent",
        EventSubject::Application => "ApplicationEvent",
    }
}

/// The schemas the `webhooks` section refers to, with what they refer to.
pub fn body_schemas(
    schemas: &mut Vec<(
        String,
        utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
    )>,
) {
    fn add<T: ToSchema>(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((T::name().into(), T::schema()));
        T::schemas(schemas);
    }
    add::<TaskEvent>(schemas);
    add::<InterviewEvent>(schemas);
    add::<ApplicationEvent>(schemas);
}

pub fn render(conn: &mut DbConnection, event: &Event) -> StoreResult<Option<Value>> {
    let user = event.user_id;
    let id = &event.resource_id;
    let found = match event.event_type.subject() {
        EventSubject::Task => crate::store::tasks::find(conn, &user, id)
            .map(|row| serde_json::to_value(super::task::Task::from(row))),
        EventSubject::Interview => crate::store::interviews::find(conn, &user, id)
            .map(|row| serde_json::to_value(super::interview::Interview::from(row))),
        EventSubject::Application => applications::find(conn, &user, id)
            .and_then(|row| Ok(applications::staged(conn, vec![row])?.remove(0)))
            .map(|row| serde_json::to_value(super::application::Application::from(row))),
    };
    match found {
        Ok(value) => value
            .map(Some)
            .map_err(|err| StoreError::Corrupt(format!("a payload does not serialise: {err}"))),
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(err) => Err(err),
    }
}
