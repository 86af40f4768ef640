//! The per-user write limit: each account may send `FOLLOWUP_WRITE_BURST` writes at once, then
//! `FOLLOWUP_WRITES_PER_MINUTE`, so one user flooding writes cannot slow everyone else down.
//! Replies carry the limit as the IETF httpapi draft writes it (`RateLimit-Policy: "writes";q=;w=`
//! and `RateLimit: "writes";r=;t=`), and a refused write is 429 with `Retry-After`.
//! Sign-in routes have their own throttle (`auth::throttle`); reads are not limited here.

use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, web};

use crate::auth::JwtKeys;
use crate::config::WriteLimit;
use crate::error::ApiError;
use crate::http::caller::caller;
use crate::http::route;
use crate::rate::{Allowance, Buckets};
use crate::service::Service;

const POLICY: &str = "writes";
/// Accounts tracked at once; a few megabytes at most.
const CAPACITY: usize = 100_000;

pub struct WriteLimiter {
    buckets: Buckets,
}

impl WriteLimiter {
    pub fn new(limit: WriteLimit) -> Self {
        let period = Duration::from_secs(60) / limit.per_minute.max(1);
        Self {
            buckets: Buckets::new(limit.burst, period, CAPACITY),
        }
    }

    fn policy(&self) -> String {
        let window = self.buckets.period() * self.buckets.burst();
        format!(
            "\"{POLICY}\";q={};w={}",
            self.buckets.burst(),
            window.as_secs().max(1)
        )
    }
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn limit_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // Sign-in routes have their own throttle; an unrouted path is the fallback's 404 or 405.
    let limited = route::pattern(&req).is_some_and(|pattern| !pattern.starts_with("/v1/auth/"));
    if !is_write(req.method()) || !limited {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let (Some(limiter), Some(keys)) = (
        req.app_data::<web::Data<WriteLimiter>>().cloned(),
        req.app_data::<web::Data<JwtKeys>>().cloned(),
    ) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Without a valid token the handler answers 401; there is nobody to count.
    let Ok(user) = caller(&req, &keys) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = limiter.buckets.key(user.id);
    let now = match req.app_data::<web::Data<Service>>() {
        Some(service) => service.clock().now(),
        None => chrono::Utc::now(),
    };
    let (mut response, allowance) = match limiter.buckets.take(key, now) {
        Ok(allowance) => (next.call(req).await?.map_into_boxed_body(), allowance),
        Err(wait) => {
            let refused = ApiError::TooManyRequests {
                retry_after_secs: seconds(wait),
            };
            // `t` is still when the allowance is full again, as on every other reply; the wait
            // for the next write is `Retry-After`.
            let allowance = Allowance {
                remaining: 0,
                ..limiter.buckets.allowance_of(key, now)
            };
            (req.error_response(refused), allowance)
        }
    };
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&limiter.policy()) {
        headers.insert(HeaderName::from_static("ratelimit-policy"), policy);
    }
    let state_of_limit = format!(
        "\"{POLICY}\";r={};t={}",
        allowance.remaining,
        seconds(allowance.full_in)
    );
    if let Ok(value) = HeaderValue::from_str(&state_of_limit) {
        headers.insert(HeaderName::from_static("ratelimit"), value);
    }
    Ok(response)
}

fn seconds(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil() as u64
}
