//! The handlers every per-user resource has — list a page, read one, change one, delete one —
//! written once. A resource module keeps what is its own: its docs, its request types, its
//! service functions and its view; an invocation names them.
//!
//! ```ignore
//! crate::api::resource::read_one! {
//!     /// Read one reference.
//!     get_reference: "/v1/references/{id}", tag "references", id "Reference id",
//!     service::get => Reference "The reference"
//! }
//! ```
//!
//! The invoking module imports actix-web's `get`, `patch` or `delete`: utoipa learns an operation's
//! method and path from that attribute, by its name.
//!
//! Each handler answers with the view and the `ETag` of the version it holds (`Version`); the
//! document's middleware adds what every such operation shares (bearer security, 401, 304 or
//! 412, `ETag`, the body's own errors).

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::http::conditional::single;

/// The version of what a service hands back, for the `ETag` the answer carries.
pub trait Version {
    fn version(&self) -> i32;
}

impl<T: crate::store::Versioned> Version for T {
    fn version(&self) -> i32 {
        crate::store::Versioned::version(self)
    }
}

impl Version for crate::store::applications::Staged {
    fn version(&self) -> i32 {
        self.application.version
    }
}

impl Version for crate::store::webhooks::Webhook {
    fn version(&self) -> i32 {
        self.version
    }
}

/// `found` as its view `V`, with its `ETag`; 304 when the client holds that version.
pub fn shown<V: From<R> + Serialize, R: Version>(req: &HttpRequest, found: R) -> HttpResponse {
    let version = found.version();
    single(req, version, &V::from(found))
}

/// `GET /v1/things`: a page, with `updated_since` and tombstones (`api::list`), for a resource
/// listed without filters of its own.
macro_rules! list_page {
    (
        $(#[doc = $doc:literal])*
        $name:ident: $path:literal, tag $tag:literal,
        $service:path => $page:ident $described:literal
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = $tag,
            params($crate::api::list::ListQuery),
            responses(
                (status = 200, body = $page, description = $described),
            )
        )]
        #[get($path)]
        pub async fn $name(
            state: actix_web::web::Data<$crate::state::AppState>,
            req: actix_web::HttpRequest,
            user: $crate::auth::AuthUser,
            query: $crate::http::extract::Query<$crate::api::list::ListQuery>,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            let window = query.0.window()?;
            let rows = $service(&state.service, user.key(), window.clone());
            $crate::api::list::respond::<$page, _, _>(&state, &req, &user, window, rows).await
        }
    };
}

/// `GET /v1/things/{id}`.
macro_rules! read_one {
    (
        $(#[doc = $doc:literal])*
        $name:ident: $path:literal, tag $tag:literal, id $id:literal,
        $service:path => $view:ident $described:literal
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = $tag,
            params(("id" = Uuid, Path, description = $id), $crate::http::conditional::IfNoneMatch),
            responses(
                (status = 200, body = $view, description = $described),
                $crate::http::responses::OneResourceErrors,
            )
        )]
        #[get($path)]
        pub async fn $name(
            state: actix_web::web::Data<$crate::state::AppState>,
            req: actix_web::HttpRequest,
            user: $crate::auth::AuthUser,
            id: actix_web::web::Path<uuid::Uuid>,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            let found = $service(&state.service, user.key(), id.into_inner().into()).await?;
            Ok($crate::api::resource::shown::<$view, _>(&req, found))
        }
    };
}

/// `PATCH /v1/things/{id}` under `If-Match`, with a JSON body whose `parse` gives the changes.
macro_rules! change_one {
    (
        $(#[doc = $doc:literal])*
        $name:ident: $path:literal, tag $tag:literal, id $id:literal, body $body:ident,
        $service:path => $view:ident $described:literal, 409 $conflict:ident
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = $tag,
            request_body = $body,
            params(("id" = Uuid, Path, description = $id), $crate::http::conditional::IfMatch),
            responses(
                (status = 200, body = $view, description = $described),
                $crate::http::responses::OneResourceErrors,
                (status = 409, response = $crate::http::responses::$conflict),
            )
        )]
        #[patch($path)]
        pub async fn $name(
            state: actix_web::web::Data<$crate::state::AppState>,
            req: actix_web::HttpRequest,
            user: $crate::auth::AuthUser,
            id: actix_web::web::Path<uuid::Uuid>,
            if_match: $crate::http::conditional::IfMatch,
            body: $crate::http::extract::Json<$body>,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            let changes = body.parse(|body| body.parse())?;
            let id = id.into_inner().into();
            let found = $service(&state.service, user.key(), id, if_match.into(), changes).await?;
            Ok($crate::api::resource::shown::<$view, _>(&req, found))
        }
    };
}

/// `DELETE /v1/things/{id}` under `If-Match`.
macro_rules! delete_one {
    (
        $(#[doc = $doc:literal])*
        $name:ident: $path:literal, tag $tag:literal, id $id:literal,
        $service:path $(, 409 $conflict:ident)?
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = $tag,
            params(("id" = Uuid, Path, description = $id), $crate::http::conditional::IfMatch),
            responses(
                (status = 204, description = "Deleted"),
                $crate::http::responses::OneResourceErrors,
                $((status = 409, response = $crate::http::responses::$conflict),)?
            )
        )]
        #[delete($path)]
        pub async fn $name(
            state: actix_web::web::Data<$crate::state::AppState>,
            user: $crate::auth::AuthUser,
            id: actix_web::web::Path<uuid::Uuid>,
            if_match: $crate::http::conditional::IfMatch,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            let id = id.into_inner().into();
            $service(&state.service, user.key(), id, if_match.into()).await?;
            Ok(actix_web::HttpResponse::NoContent().finish())
        }
    };
}

pub(crate) use {change_one, delete_one, list_page, read_one};
