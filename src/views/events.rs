//! The `data` of a webhook event: the resource it is about, as the API shows it, or `None` when
//! it is gone (then the envelope says `{id, deleted: true}`).

use serde_json::Value;

use crate::db::DbConnection;
use crate::domain::enums::EventSubject;
use crate::store::applications;
use crate::store::error::{StoreError, StoreResult};
use crate::store::webhooks::Event;

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
