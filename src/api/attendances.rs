//! Attendances as a list of their own, for a client that syncs who was at which interview
//! without refetching every interview's attendees.

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::api::list::{self, ListQuery};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::extract::Query;
use crate::service::people as service;
use crate::state::AppState;
use crate::views::attendance::AttendancePage;

/// List who attended which interview.
///
/// Every attendance of yours, oldest first, in pages of `limit`. With `updated_since`, what
/// changed since: a person attached (or what they discussed edited) comes as the attendance, a
/// person detached (or their interview or themselves deleted) as its tombstone. Attaching and
/// detaching change only this list: the interview keeps its version and `updated_at`.
#[utoipa::path(
    tag = "interviews",
    params(ListQuery),
    responses(
        (status = 200, body = AttendancePage, description = "A page of attendances; `next_cursor` is `null` on the last page"),
    )
)]
#[get("/v1/attendances")]
pub async fn list_attendances(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    query: Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    let window = query.0.window()?;
    let rows = service::attendances(&state.service, user.key(), window.clone());
    list::respond::<AttendancePage, _, _>(&state, &req, &user, window, rows).await
}
