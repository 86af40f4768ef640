//! The `data` of a webhook event: the resource it is about, as the API shows it, or `None` when
//! it is gone (then the envelope says `{id, deleted: true}`).

use serde_json::Value;

use crate::db::DbConnection;
use crate::store::error::{StoreError, StoreResult};
use crate::store::webhooks::Event;

pub fn render(conn: &mut DbConnection, event: &Event) -> StoreResult<Option<Value>> {
    let user = event.user_id;
    let found = if event.event_type.is_about_a_task() {
        crate::store::tasks::find(conn, &user, &event.resource_id)
            .map(|row| serde_json::to_value(super::task::Task::from(row)))
    } else {
        crate::store::interviews::find(conn, &user, &event.resource_id)
            .map(|row| serde_json::to_value(super::interview::Interview::from(row)))
    };
    match found {
        Ok(value) => value
            .map(Some)
            .map_err(|err| StoreError::Corrupt(format!("a payload does not serialise: {err}"))),
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(err) => Err(err),
    }
}
