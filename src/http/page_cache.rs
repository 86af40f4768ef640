//! Rendered list pages, kept per user and served again while the user's data has not changed.
//!
//! A page is stored with the user's change counter (`db::Changes`) as read before its rows were;
//! any write to the user's data moves the counter after it commits, so a stored page is served
//! only if nothing was written since its rows were read. That holds only when every writer is
//! this process: the cache is on for SQLite, which one server claims (`db::claim_sqlite`), and
//! off for PostgreSQL, where several servers may write.
//!
//! Every page, cached or not, goes out with a strong `ETag` of its bytes, and a request whose
//! `If-None-Match` names it gets 304: a polling client downloads a page only when it changed.

use std::future::Future;
use std::sync::Arc;

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use serde::Serialize;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::{Changes, Claim};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::{body_etag, page};

/// A user's request: the path and query string exactly as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    user: Uuid,
    target: String,
}

#[derive(Debug, Clone)]
struct Page {
    change: u64,
    body: Bytes,
    etag: String,
}

/// Weighs a page by the memory it holds, so the budget is in bytes.
#[derive(Debug, Clone, Copy)]
struct Size;

impl Weighter<Key, Page> for Size {
    fn weight(&self, key: &Key, page: &Page) -> u64 {
        const OVERHEAD: usize = 64;
        let size = key.target.len() + page.body.len() + page.etag.len() + OVERHEAD;
        u64::try_from(size).unwrap_or(u64::MAX)
    }
}

/// Pages of a typical size the budget is sized for; quick_cache only uses it to preallocate.
const TYPICAL_PAGE: u64 = 16 * 1024;

pub struct PageCache {
    pages: Option<Cache<Key, Page, Size>>,
    changes: Arc<Changes>,
    /// Keeps other servers off the SQLite file for as long as pages are served from here.
    _claim: Option<Claim>,
}

impl PageCache {
    /// A cache of up to `budget` bytes when `claim` makes this process the only writer;
    /// otherwise (or with a budget of 0) every request renders its page.
    pub fn new(changes: Arc<Changes>, claim: Option<Claim>, budget: u64) -> Self {
        let pages = (claim.is_some() && budget > 0).then(|| {
            let items = usize::try_from((budget / TYPICAL_PAGE).max(16)).unwrap_or(16);
            Cache::with_weighter(items, budget, Size)
        });
        Self {
            pages,
            changes,
            _claim: claim,
        }
    }

    pub fn enabled(&self) -> bool {
        self.pages.is_some()
    }

    /// Answers `200` with the page `render` makes, or with the one stored for the same request
    /// if the user's data has not changed since. `render` must read only `user`'s data.
    pub async fn serve<T, F>(
        &self,
        user: &AuthUser,
        req: &HttpRequest,
        render: F,
    ) -> ApiResult<HttpResponse>
    where
        T: Serialize,
        F: Future<Output = ApiResult<T>>,
    {
        let Some(pages) = &self.pages else {
            let body = Bytes::from(serde_json::to_vec(&render.await?).map_err(ApiError::internal)?);
            let etag = body_etag(&body);
            return Ok(page(req, body, &etag));
        };
        let key = Key {
            user: user.id,
            target: req
                .uri()
                .path_and_query()
                .map_or_else(|| req.path().to_string(), |p| p.as_str().to_string()),
        };
        // Before the rows are read: a write committing meanwhile leaves this page stale, and
        // moves the counter past the one it is stored with.
        let change = self.changes.current(&user.key());
        if let Some(stored) = pages.get(&key)
            && stored.change == change
        {
            return Ok(page(req, stored.body, &stored.etag));
        }
        let body = Bytes::from(serde_json::to_vec(&render.await?).map_err(ApiError::internal)?);
        let etag = body_etag(&body);
        let response = page(req, body.clone(), &etag);
        pages.insert(key, Page { change, body, etag });
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use actix_web::body::MessageBody;
    use actix_web::test::TestRequest;

    use super::*;

    fn claim(dir: &tempfile::TempDir) -> Claim {
        let path = dir.path().join("pages.db");
        crate::db::claim_sqlite(path.to_str().expect("utf-8 path")).expect("claim")
    }

    async fn body(response: HttpResponse) -> String {
        let bytes = response.into_body().try_into_bytes().expect("in memory");
        String::from_utf8(bytes.to_vec()).expect("utf-8")
    }

    /// Serves `/v1/tasks?limit=1` for `user` from a counter of how many times it rendered.
    async fn fetch(cache: &PageCache, user: &AuthUser, renders: &Cell<u32>) -> String {
        let req = TestRequest::get()
            .uri("/v1/tasks?limit=1")
            .to_http_request();
        let response = cache
            .serve(user, &req, async {
                renders.set(renders.get() + 1);
                Ok(renders.get())
            })
            .await
            .expect("served");
        body(response).await
    }

    #[actix_web::test]
    async fn serves_a_page_again_until_the_users_data_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let changes = Arc::new(Changes::default());
        let cache = PageCache::new(changes.clone(), Some(claim(&dir)), 1 << 20);
        let alice = AuthUser { id: Uuid::now_v7() };
        let renders = Cell::new(0);
        assert_eq!(fetch(&cache, &alice, &renders).await, "1");
        assert_eq!(fetch(&cache, &alice, &renders).await, "1", "stored");
        changes.bump(&alice.key());
        assert_eq!(fetch(&cache, &alice, &renders).await, "2", "rendered anew");
        let bob = AuthUser { id: Uuid::now_v7() };
        assert_eq!(
            fetch(&cache, &bob, &renders).await,
            "3",
            "never another user's page"
        );
    }

    #[actix_web::test]
    async fn renders_every_time_without_a_claim_or_a_budget() {
        let dir = tempfile::tempdir().expect("temp dir");
        let changes = Arc::new(Changes::default());
        let user = AuthUser { id: Uuid::now_v7() };
        for cache in [
            PageCache::new(changes.clone(), None, 1 << 20),
            PageCache::new(changes.clone(), Some(claim(&dir)), 0),
        ] {
            assert!(!cache.enabled());
            let renders = Cell::new(0);
            assert_eq!(fetch(&cache, &user, &renders).await, "1");
            assert_eq!(fetch(&cache, &user, &renders).await, "2");
        }
    }
}
