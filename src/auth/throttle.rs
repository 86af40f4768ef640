//! Per-client-address throttle for login and registration bursts (GCRA, from `governor`).
//! The per-account lockout after repeated failed logins lives in the database instead
//! (`store::users`), so that it holds across several server instances.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::AuthSettings;
use crate::error::ApiError;

/// Above this many tracked addresses, forget the ones whose allowance is full again.
const RETAIN_THRESHOLD: usize = 10_000;

pub struct IpThrottle {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl IpThrottle {
    pub fn new(settings: &AuthSettings) -> Self {
        let burst = NonZeroU32::new(settings.ip_burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(settings.ip_replenish)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst);
        Self {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// Counts one request from `addr`; refuses with the wait when its burst is spent.
    pub fn check(&self, addr: Option<IpAddr>) -> Result<(), ApiError> {
        // Without a peer address (a unix socket) every request shares one bucket.
        let key = addr.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        if self.limiter.len() > RETAIN_THRESHOLD {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::TooManyRequests {
                retry_after_secs: wait.as_secs().max(1),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn refuses_after_the_burst_with_a_wait() {
        let settings = AuthSettings {
            ip_burst: 3,
            ip_replenish: Duration::from_secs(60),
            ..AuthSettings::default()
        };
        let throttle = IpThrottle::new(&settings);
        let a = Some(IpAddr::from([10, 0, 0, 1]));
        for _ in 0..3 {
            assert!(throttle.check(a).is_ok());
        }
        match throttle.check(a) {
            Err(ApiError::TooManyRequests { retry_after_secs }) => {
                assert!((1..=60).contains(&retry_after_secs))
            }
            other => panic!("expected 429, got {other:?}"),
        }
        // Another address has its own allowance.
        assert!(throttle.check(Some(IpAddr::from([10, 0, 0, 2]))).is_ok());
    }
}
