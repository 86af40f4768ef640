//! Attendances as a list of their own, for a client that syncs who was at which interview
//! without refetching every interview's attendees.

use actix_web::get;

use crate::service::people as service;
use crate::views::attendance::AttendancePage;

crate::api::resource::list_page! {
    /// List who attended which interview.
    ///
    /// Every attendance of yours, oldest first, in pages of `limit`. With `updated_since`, what
    /// changed since: a person attached (or what they discussed edited) comes as the attendance, a
    /// person detached (or their interview or themselves deleted) as its tombstone. Attaching and
    /// detaching change only this list: the interview keeps its version and `updated_at`.
    list_attendances: "/v1/attendances", tag "interviews",
    service::attendances => AttendancePage "A page of attendances; `next_cursor` is `null` on the last page"
}
