//! How resources look on the wire: the bodies the API answers with and the `data` of webhook
//! events, one shape for both. They live below the service, which renders event payloads in the
//! transaction that records the change, and above the store, whose rows they are made from.

pub mod application;
pub mod attendance;
pub mod compose;
pub mod content_lines;
pub mod events;
pub mod interview;
pub mod interviewer;
pub mod page;
pub mod reference;
pub mod task;
mod time;
pub mod vcard;

pub use page::{Paged, Tombstone};
pub use time::Rfc3339;

/// A single-valued text enum naming what kind of object a body is: every resource says so in
/// `object`, as the items of a synced list are told apart from tombstones by it.
macro_rules! object_kind {
    ($name:ident = $text:literal) => {
        crate::domain::enums::text_enum!(
            /// What this object is.
            $name { It = $text }
        );

        impl Default for $name {
            fn default() -> Self {
                Self::It
            }
        }
    };
}
pub(crate) use object_kind;

fn uuid(id: Option<crate::domain::Id>) -> Option<uuid::Uuid> {
    id.map(|id| id.uuid())
}
