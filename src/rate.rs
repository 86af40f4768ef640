//! Rate limits: GCRA buckets (a burst, then one more every `period`) in a table of bounded size,
//! in this process. Time is the service clock's, so tests move it instead of sleeping.
//!
//! The login throttles and the per-user write limit key these tables on values an attacker
//! chooses (addresses, emails), so the table must not grow with them: keys are stored as keyed
//! 64-bit hashes (fixed size, no collisions an attacker can aim for), and a full table first
//! forgets the buckets that have refilled (they behave exactly like absent ones), then the ones
//! closest to refilled.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// What a `take` leaves, for `RateLimit` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    /// Requests still allowed at once.
    pub remaining: u32,
    /// Until the bucket is full again.
    pub full_in: Duration,
}

pub struct Buckets {
    burst: u32,
    period: Duration,
    capacity: usize,
    hasher: RandomState,
    /// Hashed key → theoretical arrival time (GCRA's TAT), in nanoseconds since 1970.
    table: Mutex<HashMap<u64, u64>>,
}

impl Buckets {
    /// `burst` requests at once, then one more every `period`; at most `capacity` keys tracked.
    pub fn new(burst: u32, period: Duration, capacity: usize) -> Self {
        Self {
            burst: burst.max(1),
            period: period.max(Duration::from_nanos(1)),
            capacity: capacity.max(16),
            hasher: RandomState::new(),
            table: Mutex::new(HashMap::new()),
        }
    }

    pub fn burst(&self) -> u32 {
        self.burst
    }

    pub fn period(&self) -> Duration {
        self.period
    }

    pub fn key(&self, key: impl Hash) -> u64 {
        self.hasher.hash_one(key)
    }

    /// Counts one request for `key`; `Err` holds the wait before the next one is allowed.
    pub fn take(&self, key: u64, now: DateTime<Utc>) -> Result<Allowance, Duration> {
        let now = self.nanos(now);
        let mut table = self.lock();
        let tat = table.get(&key).copied().unwrap_or(0).max(now);
        let next = tat.saturating_add(self.period_nanos());
        if next - now > self.window_nanos() {
            return Err(Duration::from_nanos(next - now - self.window_nanos()));
        }
        if table.len() >= self.capacity && !table.contains_key(&key) {
            self.make_room(&mut table, now);
        }
        table.insert(key, next);
        Ok(self.allowance(next, now))
    }

    /// Whether a `take` would succeed now, without counting anything.
    pub fn check(&self, key: u64, now: DateTime<Utc>) -> Result<Allowance, Duration> {
        let now = self.nanos(now);
        let tat = self.lock().get(&key).copied().unwrap_or(0).max(now);
        let next = tat.saturating_add(self.period_nanos());
        if next - now > self.window_nanos() {
            return Err(Duration::from_nanos(next - now - self.window_nanos()));
        }
        Ok(self.allowance(tat, now))
    }

    /// What `key` has left now, without counting anything.
    pub fn allowance_of(&self, key: u64, now: DateTime<Utc>) -> Allowance {
        let now = self.nanos(now);
        let tat = self.lock().get(&key).copied().unwrap_or(0).max(now);
        self.allowance(tat, now)
    }

    /// Whether `key` has taken nothing that has not refilled yet.
    pub fn is_full(&self, key: u64, now: DateTime<Utc>) -> bool {
        let now = self.nanos(now);
        self.lock().get(&key).is_none_or(|&tat| tat <= now)
    }

    /// Forgets `key`: its bucket is full again.
    pub fn forget(&self, key: u64) {
        self.lock().remove(&key);
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn allowance(&self, tat: u64, now: u64) -> Allowance {
        let used = tat.saturating_sub(now);
        let free = self.window_nanos().saturating_sub(used) / self.period_nanos();
        Allowance {
            remaining: u32::try_from(free).unwrap_or(u32::MAX).min(self.burst),
            full_in: Duration::from_nanos(used),
        }
    }

    /// Drops every refilled bucket; if that is not enough, the fullest tenth as well.
    fn make_room(&self, table: &mut HashMap<u64, u64>, now: u64) {
        table.retain(|_, tat| *tat > now);
        if table.len() < self.capacity {
            return;
        }
        let mut tats: Vec<u64> = table.values().copied().collect();
        let cut = self.capacity / 10;
        let (_, &mut threshold, _) = tats.select_nth_unstable(cut);
        table.retain(|_, tat| *tat > threshold);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, u64>> {
        // The table holds no invariant a panic could break halfway.
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn nanos(&self, at: DateTime<Utc>) -> u64 {
        nanos(at)
    }

    fn period_nanos(&self) -> u64 {
        u64::try_from(self.period.as_nanos()).unwrap_or(u64::MAX)
    }

    fn window_nanos(&self) -> u64 {
        self.period_nanos().saturating_mul(u64::from(self.burst))
    }
}

/// Nanoseconds since 1970, plus one: 0 always means "refilled long ago".
pub fn nanos(at: DateTime<Utc>) -> u64 {
    u64::try_from(at.timestamp_nanos_opt().unwrap_or(i64::MAX))
        .unwrap_or(0)
        .saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instant() -> DateTime<Utc> {
        DateTime::from_timestamp(1_900_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn a_burst_then_one_per_period() {
        let buckets = Buckets::new(3, Duration::from_secs(10), 100);
        let t0 = instant();
        let key = buckets.key("a");
        let left: Vec<u32> = (0..3)
            .map(|_| buckets.take(key, t0).expect("within the burst").remaining)
            .collect();
        assert_eq!(left, [2, 1, 0]);
        let wait = buckets.take(key, t0).expect_err("burst spent");
        assert_eq!(wait, Duration::from_secs(10));
        assert!(buckets.check(key, t0).is_err());
        assert!(
            buckets
                .take(key, t0 + chrono::Duration::seconds(10))
                .is_ok()
        );
        assert!(!buckets.is_full(key, t0 + chrono::Duration::seconds(10)));
        assert!(buckets.is_full(key, t0 + chrono::Duration::seconds(40)));
        // Another key has its own allowance.
        assert!(buckets.take(buckets.key("b"), t0).is_ok());
    }

    #[test]
    fn checking_counts_nothing() {
        let buckets = Buckets::new(1, Duration::from_secs(60), 100);
        let now = instant();
        let key = buckets.key("x");
        for _ in 0..5 {
            assert_eq!(buckets.check(key, now).expect("free").remaining, 1);
        }
        buckets.take(key, now).expect("first");
        assert!(buckets.check(key, now).is_err());
        buckets.forget(key);
        assert!(buckets.take(key, now).is_ok());
    }

    #[test]
    fn the_table_never_outgrows_its_capacity() {
        let buckets = Buckets::new(5, Duration::from_secs(60), 1000);
        let now = instant();
        for i in 0..100_000u32 {
            buckets
                .take(buckets.key(i), now)
                .expect("a new key is free");
            assert!(buckets.len() <= 1000);
        }
        // Refilled buckets are the first to go, and the newest key is always kept.
        let kept = buckets.key(99_999u32);
        assert!(buckets.take(kept, now).is_ok());
        assert!(!buckets.is_full(kept, now));
    }
}
