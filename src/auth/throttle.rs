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
//! and an unknown account get the same answers. The tables are bounded (`rate::Buckets`) and held
//! per process: with several instances, each one throttles on its own.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use crate::config::AuthSettings;
use crate::error::ApiError;
use crate::rate::Buckets;

/// Keys tracked per table; a few megabytes at most.
const CAPACITY: usize = 100_000;

pub struct LoginThrottle {
    addresses: Buckets,
    pairs: Buckets,
    accounts: Buckets,
}

/// One login attempt's keys, to count its outcome with.
pub struct Attempt {
    pair: u64,
    account: u64,
}

impl LoginThrottle {
    pub fn new(settings: &AuthSettings) -> Self {
        Self {
            addresses: Buckets::new(settings.ip_burst, settings.ip_replenish, CAPACITY),
            pairs: Buckets::new(
                settings.failures_per_client,
                settings.failure_refill,
                CAPACITY,
            ),
            accounts: Buckets::new(
                settings.failures_per_account,
                settings.failure_refill,
                CAPACITY,
            ),
        }
    }

    /// Counts one login or registration request from `client`.
    pub fn request(&self, client: IpAddr) -> Result<(), ApiError> {
        let key = self.addresses.key(client);
        self.addresses
            .take(key, Instant::now())
            .map(|_| ())
            .map_err(too_many)
    }

    /// Whether `client` may try the password of `email` now.
    pub fn attempt(&self, email: &str, client: IpAddr) -> Result<Attempt, ApiError> {
        let account = account_key(email);
        let attempt = Attempt {
            pair: self.pairs.key((&account, client)),
            account: self.accounts.key(&account),
        };
        let now = Instant::now();
        self.pairs.check(attempt.pair, now).map_err(too_many)?;
        if let Err(wait) = self.accounts.check(attempt.account, now)
            && !self.pairs.is_full(attempt.pair, now)
        {
            return Err(too_many(wait));
        }
        Ok(attempt)
    }

    pub fn failed(&self, attempt: &Attempt) {
        let now = Instant::now();
        // Spent allowances stay spent: the wait is what the next attempt is told.
        let _ = self.pairs.take(attempt.pair, now);
        let _ = self.accounts.take(attempt.account, now);
    }

    /// A correct password: this address starts afresh on this account.
    pub fn succeeded(&self, attempt: &Attempt) {
        self.pairs.forget(attempt.pair);
    }
}

/// Case and surrounding spaces do not make another account, so they make no other key either.
fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn too_many(wait: Duration) -> ApiError {
    ApiError::TooManyRequests {
        retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> AuthSettings {
        AuthSettings {
            failures_per_client: 3,
            failures_per_account: 5,
            failure_refill: Duration::from_secs(60),
            ..AuthSettings::default()
        }
    }

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([198, 51, 100, last])
    }

    #[test]
    fn failures_from_one_address_make_that_address_wait_and_nobody_else() {
        let throttle = LoginThrottle::new(&settings());
        for _ in 0..3 {
            let attempt = throttle.attempt("ada@example.com", ip(1)).expect("allowed");
            throttle.failed(&attempt);
        }
        match throttle.attempt("ADA@example.com ", ip(1)) {
            Err(ApiError::TooManyRequests { retry_after_secs }) => {
                assert!((1..=60).contains(&retry_after_secs))
            }
            _ => panic!("expected a wait"),
        }
        // The owner, from elsewhere, and the same address on another account, are unaffected.
        assert!(throttle.attempt("ada@example.com", ip(2)).is_ok());
        assert!(throttle.attempt("bob@example.com", ip(1)).is_ok());
    }

    #[test]
    fn a_spread_out_attack_slows_failing_addresses_but_not_a_fresh_one() {
        let throttle = LoginThrottle::new(&settings());
        for last in 10..15 {
            let attempt = throttle
                .attempt("ada@example.com", ip(last))
                .expect("allowed");
            throttle.failed(&attempt);
        }
        // The account's allowance is spent: addresses that failed wait...
        assert!(throttle.attempt("ada@example.com", ip(10)).is_err());
        // ...and one that never failed gets its try (the owner's correct login).
        let owner = throttle
            .attempt("ada@example.com", ip(99))
            .expect("allowed");
        throttle.succeeded(&owner);
        assert!(throttle.attempt("ada@example.com", ip(99)).is_ok());
    }

    #[test]
    fn bursts_from_one_address_are_refused_with_a_wait() {
        let throttle = LoginThrottle::new(&AuthSettings {
            ip_burst: 3,
            ip_replenish: Duration::from_secs(60),
            ..AuthSettings::default()
        });
        for _ in 0..3 {
            assert!(throttle.request(ip(1)).is_ok());
        }
        assert!(matches!(
            throttle.request(ip(1)),
            Err(ApiError::TooManyRequests { .. })
        ));
        assert!(throttle.request(ip(2)).is_ok());
    }
}
