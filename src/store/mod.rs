//! Database queries, one module per table group. Every function that reads or writes a user's
//! data takes the owner's id and filters on it, so another user's rows are simply not found.
//! No HTTP types here: functions return domain rows and `ApiError` for constraint violations.

pub mod facts;
pub mod idempotency;
pub mod interviews;
pub mod people;
pub mod references;
pub mod refresh_tokens;
pub mod rule_settings;
pub mod settings;
pub mod tasks;
pub mod users;

/// A fresh row id: UUIDv7, so ids sort by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
