//! Which users' data this process has changed: a counter per stripe of users, bumped after every
//! write to a user's data has committed. A cache of what a user's data looked like is still good
//! while the counter it was made under has not moved.
//!
//! Users share a stripe (a fixed number of counters, whatever the number of users): a write then
//! also retires its neighbours' cached pages, which costs a rebuild and is never wrong.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::atomic::{AtomicU64, Ordering};

const STRIPES: usize = 4096;

pub struct Changes {
    stripes: Box<[AtomicU64]>,
}

impl Default for Changes {
    fn default() -> Self {
        Self {
            stripes: (0..STRIPES).map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

impl Changes {
    /// The counter `user`'s data is at. Read it before reading the data: a write that commits
    /// after the read moves it, so whatever was built from the read is known to be old.
    pub fn current(&self, user: &str) -> u64 {
        self.stripe(user).load(Ordering::SeqCst)
    }

    /// Call after the write committed (or failed): never before, or a reader could build a page
    /// from the old data under the new counter.
    pub fn bump(&self, user: &str) {
        self.stripe(user).fetch_add(1, Ordering::SeqCst);
    }

    fn stripe(&self, user: &str) -> &AtomicU64 {
        // A fixed hasher: the stripe of a user must not change while the process runs.
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(user);
        let index = usize::try_from(hash % STRIPES as u64).unwrap_or(0);
        &self.stripes[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_moves_its_users_counter_only() {
        let changes = Changes::default();
        let (alice, bob) = ("01928f4e-0000-7000-8000-000000000001", "another-user");
        let (a, b) = (changes.current(alice), changes.current(bob));
        changes.bump(alice);
        assert_eq!(changes.current(alice), a + 1);
        if !std::ptr::eq(changes.stripe(alice), changes.stripe(bob)) {
            assert_eq!(changes.current(bob), b);
        }
        assert_eq!(changes.current(alice), a + 1, "reading does not move it");
    }
}
