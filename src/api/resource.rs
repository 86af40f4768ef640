//! The handlers every per-user resource has — list a page, create one, read one, change one,
//! delete one — written once. A resource module keeps what is its own: its docs, its request types, its
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
//! The invoking module imports actix-web's `get`, `post`, `patch` or `delete`: utoipa learns an operation's
//! method and path from that attribute, by its name.
//!
//! Each handler answers with the view and the `ETag` of the version it holds (`Stored`); the
//! document's middleware adds what every such operation shares (bearer security, 401, 304 or
//! 412, `ETag`, the body's own errors).

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::domain::Id;
use crate::error::ApiResult;
use crate::http::conditional::{created, single};

/// The id and version of what a service hands back: its `Location` and the `ETag` the answer
/// carries.
pub trait Stored {
    fn id(&self) -> &Id;
    fn version(&self) -> i32;
}

impl<T: crate::store::Versioned> Stored for T {
    fn id(&self) -> &Id {
        crate::store::Versioned::id(self)
    }
    fn version(&self) -> i32 {
        crate::store::Versioned::version(self)
    }
}

impl Stored for crate::store::applications::Staged {
    fn id(&self) -> &Id {
        &self.application.id
    }
    fn version(&self) -> i32 {
        self.application.version
    }
}

impl Stored for crate::store::webhooks::Webhook {
    fn id(&self) -> &Id {
        &self.id
    }
    fn version(&self) -> i32 {
        self.version
    }
}

/// `found` as its view `V`, with its `ETag`; 304 when the client holds that version.
pub fn shown<V: From<R> + Serialize, R: Stored>(req: &HttpRequest, found: R) -> HttpResponse {
    let version = found.version();
    single(req, version, &V::from(found))
}

/// `made`, new in `collection`, as its view `V`: 201 with its `ETag` and its `Location`.
pub fn made<V: From<R> + Serialize, R: Stored>(
    req: &HttpRequest,
    collection: &str,
    made: R,
) -> ApiResult<HttpResponse> {
    let location = format!("{collection}/{}", made.id());
    created(req, &location, made.version(), &V::from(made))
}

/// `GET /v1/things`: a page, with `updated_since` and tombstones (`api::list`), narrowed by the
/// resource's own query parameters (`listing::Narrows`) when it names them:
/// `tag "tasks" filter TaskQuery`.
macro_rules! list_page {
    (@rows $service:path, $state:ident, $user:ident, $listing:ident, $query:ident) => {
        $service(&$state.service, $user.key(), $listing.filter, $listing.window)
    };
    (@rows $service:path, $state:ident, $user:ident, $listing:ident) => {
        $service(&$state.service, $user.key(), $listing.window)
    };
    (
        $(#[doc = $doc:literal])*
        $name:ident: $path:literal, tag $tag:literal $(filter $query:ident)?,
        $service:path => $page:ident $described:literal
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = $tag,
            params($crate::api::list::ListQuery $(, $query)?),
            responses(
                (status = 200, body = $page, description = $described),
            )
        )]
        #[get($path)]
        pub async fn $name(
            state: actix_web::web::Data<$crate::state::AppState>,
            req: actix_web::HttpRequest,
            user: $crate::auth::AuthUser,
            listing: $crate::api::listing::Listing<$($query)?>,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            let window = listing.window.clone();
            let rows = $crate::api::resource::list_page!(
                @rows $service, state, user, listing $(, $query)?
            );
            $crate::api::list::respond::<$page, _, _>(&state, &req, &user, window, rows).await
        }
    };
}

/// `POST /v1/things`, with a JSON body whose `parse` gives the new row: 201 with its `Location`
/// and `ETag` (`made`), which the document's middleware describes, adding the 201's links.
macro_rules! create_one {
    (
        $(#[doc = $doc:literal])*
        $name:ident: $path:literal, tag $tag:literal, body $body:ident,
        $service:path => $view:ident $described:literal, 409 $conflict:ident
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = $tag,
            request_body = $body,
            responses(
                (status = 201, body = $view, description = $described),
                (status = 409, response = $crate::http::responses::$conflict),
            )
        )]
        #[post($path)]
        pub async fn $name(
            state: actix_web::web::Data<$crate::state::AppState>,
            req: actix_web::HttpRequest,
            user: $crate::auth::AuthUser,
            body: $crate::http::extract::Json<$body>,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            let now = state.service.clock().now();
            let new = body.parse(|body| body.parse(user.key(), now))?;
            let made = $service(&state.service, user.key(), new).await?;
            $crate::api::resource::made::<$view, _>(&req, $path, made)
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

pub(crate) use {change_one, create_one, delete_one, list_page, read_one};
