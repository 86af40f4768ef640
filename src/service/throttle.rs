//! Login and registration throttles, after OWASP's authentication guidance: failures slow an
//! attacker down per client address and per account, and never lock the owner out.
//!
//! - Every login and registration counts against the client's address (its /64 for IPv6).
//! - Failed logins count against the pair (account, address): a few in a row and that address
//!   waits before it may try this account again. The owner, elsewhere, is not affected.
//! - Failed logins also count against the account from anywhere. Once that allowance is spent
//!   (many addresses guessing one password), an address that has failed on the account recently
//!   waits; an address with no recent failure still gets its try, so a correct login succeeds.
//!
//! Everything is keyed on the email as submitted, whether or not an account has it, so a known
//! and an unknown account get the same answers. On SQLite (one server per database) the tables
//! are in memory and bounded (`rate::Buckets`); on PostgreSQL they are in the database
//! (`store::throttle`), so that every server behind a load balancer counts against one budget.

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::AuthSettings;
use crate::rate::Buckets;
use crate::service::Service;
use crate::service::{Error, Result};
use crate::store::throttle as shared;

/// Keys tracked per table in memory; a few megabytes at most.
const CAPACITY: usize = 100_000;

pub struct LoginThrottle {
    addresses: Limiter,
    pairs: Limiter,
    accounts: Limiter,
    /// Keys are keyed hashes of addresses and emails: fixed in size, not something an attacker
    /// can aim collisions at, and the same on every server that shares the secret.
    secret: Vec<u8>,
    service: Service,
}

/// One login attempt's keys, to count its outcome with.
pub struct Attempt {
    pair: u64,
    account: u64,
}

/// Where a table's buckets live: this process's memory (SQLite: one server per database), or
/// the database every server shares (PostgreSQL), so that a guesser gets one budget however
/// many servers a load balancer spreads the guesses over.
enum Limiter {
    Memory(Buckets),
    Shared {
        name: &'static str,
        burst: u32,
        period: Duration,
    },
}

impl LoginThrottle {
    /// `shared`: keep the buckets in the database, for several servers on one PostgreSQL.
    pub fn new(settings: &AuthSettings, secret: &[u8], service: Service, shared: bool) -> Self {
        let limiter = |name: &'static str, burst: u32, period: Duration| {
            if shared {
                Limiter::Shared {
                    name,
                    burst: burst.max(1),
                    period,
                }
            } else {
                Limiter::Memory(Buckets::new(burst, period, CAPACITY))
            }
        };
        Self {
            addresses: limiter("addresses", settings.ip_burst, settings.ip_replenish),
            pairs: limiter(
                "pairs",
                settings.failures_per_client,
                settings.failure_refill,
            ),
            accounts: limiter(
                "accounts",
                settings.failures_per_account,
                settings.failure_refill,
            ),
            secret: secret.to_vec(),
            service,
        }
    }

    /// Counts one login or registration request from `client`.
    pub async fn request(&self, client: IpAddr) -> Result<()> {
        let key = self.key(&["address", &client.to_string()]);
        self.addresses
            .take(&self.service, key)
            .await?
            .map_err(too_many)
    }

    /// Whether `client` may try the password of `email` now.
    pub async fn attempt(&self, email: &str, client: IpAddr) -> Result<Attempt> {
        let account = account_key(email);
        let attempt = Attempt {
            pair: self.key(&["pair", &account, &client.to_string()]),
            account: self.key(&["account", &account]),
        };
        self.pairs
            .check(&self.service, attempt.pair)
            .await?
            .map_err(too_many)?;
        if let Err(wait) = self.accounts.check(&self.service, attempt.account).await?
            && !self.pairs.is_full(&self.service, attempt.pair).await?
        {
            return Err(too_many(wait));
        }
        Ok(attempt)
    }

    pub async fn failed(&self, attempt: &Attempt) -> Result<()> {
        // Spent allowances stay spent: the wait is what the next attempt is told.
        let _ = self.pairs.take(&self.service, attempt.pair).await?;
        let _ = self.accounts.take(&self.service, attempt.account).await?;
        Ok(())
    }

    /// A correct password: this address starts afresh on this account.
    pub async fn succeeded(&self, attempt: &Attempt) -> Result<()> {
        self.pairs.forget(&self.service, attempt.pair).await
    }

    fn key(&self, parts: &[&str]) -> u64 {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.secret) else {
            return 0;
        };
        for part in parts {
            mac.update(part.as_bytes());
            mac.update(&[0]);
        }
        let digest = mac.finalize().into_bytes();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_le_bytes(first)
    }
}

impl Limiter {
    /// Counts one request for `key`; `Ok(Err(wait))` when the bucket is spent.
    async fn take(&self, service: &Service, key: u64) -> Result<Result<(), Duration>> {
        let now = service.clock().now();
        match self {
            Self::Memory(buckets) => Ok(buckets.take(key, now).map(|_| ())),
            Self::Shared {
                name,
                burst,
                period,
            } => {
                let (name, now) = (*name, micros(now));
                let (period, window) = span(*period, *burst);
                let taken = service
                    .write_session(move |conn| {
                        Ok(shared::take(conn, name, as_key(key), now, period, window)?)
                    })
                    .await?;
                Ok(taken.map(|_| ()).map_err(from_micros))
            }
        }
    }

    /// Whether a `take` would succeed now, counting nothing.
    async fn check(&self, service: &Service, key: u64) -> Result<Result<(), Duration>> {
        let now = service.clock().now();
        match self {
            Self::Memory(buckets) => Ok(buckets.check(key, now).map(|_| ())),
            Self::Shared {
                name,
                burst,
                period,
            } => {
                let (period, window) = span(*period, *burst);
                let now = micros(now);
                let tat = self
                    .arrival(service, name, key)
                    .await?
                    .unwrap_or(now)
                    .max(now);
                let wait = tat + period - now - window;
                Ok(if wait > 0 {
                    Err(from_micros(wait))
                } else {
                    Ok(())
                })
            }
        }
    }

    /// Whether `key` has taken nothing that has not refilled yet.
    async fn is_full(&self, service: &Service, key: u64) -> Result<bool> {
        let now = service.clock().now();
        match self {
            Self::Memory(buckets) => Ok(buckets.is_full(key, now)),
            Self::Shared { name, .. } => Ok(self
                .arrival(service, name, key)
                .await?
                .is_none_or(|tat| tat <= micros(now))),
        }
    }

    async fn forget(&self, service: &Service, key: u64) -> Result<()> {
        match self {
            Self::Memory(buckets) => {
                buckets.forget(key);
                Ok(())
            }
            Self::Shared { name, .. } => {
                let name = *name;
                service
                    .write_session(move |conn| Ok(shared::forget(conn, name, as_key(key))?))
                    .await
            }
        }
    }

    async fn arrival(
        &self,
        service: &Service,
        name: &'static str,
        key: u64,
    ) -> Result<Option<i64>> {
        service
            .read(move |conn| Ok(shared::arrival(conn, name, as_key(key))?))
            .await
    }
}

/// Microseconds since 1970.
pub fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// The period and the window (burst × period) in microseconds.
fn span(period: Duration, burst: u32) -> (i64, i64) {
    let period = i64::try_from(period.as_micros()).unwrap_or(i64::MAX).max(1);
    (period, period.saturating_mul(i64::from(burst)))
}

fn from_micros(wait: i64) -> Duration {
    Duration::from_micros(u64::try_from(wait).unwrap_or(0))
}

fn as_key(key: u64) -> i64 {
    i64::from_le_bytes(key.to_le_bytes())
}

/// Case and surrounding spaces do not make another account, so they make no other key either.
fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn too_many(wait: Duration) -> Error {
    Error::TooManyRequests {
        retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;

    fn settings() -> AuthSettings {
        AuthSettings {
            failures_per_client: 3,
            failures_per_account: 5,
            failure_refill: Duration::from_secs(60),
            ip_burst: 3,
            ip_replenish: Duration::from_secs(60),
            ..AuthSettings::default()
        }
    }

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([198, 51, 100, last])
    }

    /// The throttle with its buckets in memory, and with them in the database (which SQLite
    /// runs as PostgreSQL does), over one migrated database and a clock standing still.
    fn both() -> (tempfile::TempDir, Vec<LoginThrottle>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("throttle.db").display());
        let pool = crate::db::connect(&url).expect("pool");
        crate::db::run_migrations(&mut pool.get().expect("connection")).expect("migrations");
        let clock = Clock::manual(DateTime::from_timestamp(1_900_000_000, 0).unwrap_or_default());
        let service = Service::new(pool, clock);
        let throttles = [false, true]
            .into_iter()
            .map(|shared| LoginThrottle::new(&settings(), b"secret", service.clone(), shared))
            .collect();
        (dir, throttles)
    }

    fn waits(result: Result<impl Sized>) -> bool {
        matches!(result, Err(Error::TooManyRequests { retry_after_secs }) if (1..=60).contains(&retry_after_secs))
    }

    #[actix_web::test]
    async fn failures_from_one_address_make_that_address_wait_and_nobody_else() {
        let (_dir, throttles) = both();
        for throttle in throttles {
            for _ in 0..3 {
                let attempt = throttle
                    .attempt("ada@example.com", ip(1))
                    .await
                    .expect("allowed");
                throttle.failed(&attempt).await.expect("counted");
            }
            assert!(waits(throttle.attempt("ADA@example.com ", ip(1)).await));
            // The owner, from elsewhere, and the same address on another account, are unaffected.
            assert!(throttle.attempt("ada@example.com", ip(2)).await.is_ok());
            assert!(throttle.attempt("bob@example.com", ip(1)).await.is_ok());
            // Time heals.
            throttle
                .service
                .clock()
                .advance(chrono::Duration::seconds(61));
            assert!(throttle.attempt("ada@example.com", ip(1)).await.is_ok());
        }
    }

    #[actix_web::test]
    async fn a_spread_out_attack_slows_failing_addresses_but_not_a_fresh_one() {
        let (_dir, throttles) = both();
        for throttle in throttles {
            for last in 10..15 {
                let attempt = throttle
                    .attempt("eve@example.com", ip(last))
                    .await
                    .expect("allowed");
                throttle.failed(&attempt).await.expect("counted");
            }
            // The account's allowance is spent: addresses that failed wait...
            assert!(waits(throttle.attempt("eve@example.com", ip(10)).await));
            // ...and one that never failed gets its try (the owner's correct login).
            let owner = throttle
                .attempt("eve@example.com", ip(99))
                .await
                .expect("allowed");
            throttle.succeeded(&owner).await.expect("forgotten");
            assert!(throttle.attempt("eve@example.com", ip(99)).await.is_ok());
        }
    }

    #[actix_web::test]
    async fn bursts_from_one_address_are_refused_with_a_wait() {
        let (_dir, throttles) = both();
        for throttle in throttles {
            for _ in 0..3 {
                assert!(throttle.request(ip(1)).await.is_ok());
            }
            assert!(waits(throttle.request(ip(1)).await));
            assert!(throttle.request(ip(2)).await.is_ok());
        }
    }
}
