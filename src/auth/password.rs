//! Password hashing with argon2id at OWASP's parameters (m=19456 KiB, t=2, p=1).
//!
//! Both functions are CPU-heavy and blocking: call them inside `web::block`. An unknown email is
//! verified against a dummy hash so that response time does not reveal which accounts exist.
//! Each run holds 19 MiB. Runs happen on a few threads of their own, one per core: a flood of
//! logins queues instead of exhausting memory, and a request that waits too long for its turn
//! answers 503. The 19 MiB go back to the system after each run (`release_large_buffers`): kept
//! per thread, they were 38 MB of the 76 MB bench/mix peak on two cores, for a login a minute.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::auth::AuthError;

fn argon2(params: Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Makes glibc serve allocations of a MiB and more straight from the system, and give them back
/// when freed. By default it raises that threshold to the size of each large block freed, so from
/// the second login on, argon2's 19 MiB came from a thread's heap and stayed there for good.
fn release_large_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: mallopt only changes allocator tuning; it is called before the argon2 threads start.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// argon2id of `password` with `salt` and `params` into `out`.
fn compute(password: &[u8], salt: &[u8], params: Params, out: &mut [u8]) -> Result<(), String> {
    let mut memory = vec![Block::default(); params.block_count()];
    argon2(params)
        .hash_password_into_with_memory(password, salt, out, &mut memory)
        .map_err(|err| err.to_string())
}

pub fn hash(password: &str) -> Result<String, AuthError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(AuthError::internal)?;
    let params = Params::DEFAULT;
    let mut out = [0u8; 32];
    compute(password.as_bytes(), &salt, params.clone(), &mut out).map_err(AuthError::internal)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(AuthError::internal)?,
        salt: Some(Salt::new(&salt).map_err(AuthError::internal)?),
        hash: Some(Output::new(&out).map_err(AuthError::internal)?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the PHC string `stored`, with the parameters it was made with.
fn matches(password: &str, stored: &str) -> Option<bool> {
    let parsed = PasswordHash::new(stored).ok()?;
    if Algorithm::try_from(parsed.algorithm.as_str()).ok()? != Algorithm::Argon2id {
        return None;
    }
    let params = Params::try_from(&parsed).ok()?;
    let (salt, expected) = (parsed.salt?, parsed.hash?);
    let mut out = vec![0u8; expected.len()];
    compute(password.as_bytes(), &salt, params, &mut out).ok()?;
    // Output compares in constant time.
    Some(Output::new(&out).ok()? == expected)
}

/// A real hash with the same parameters, computed once, for accounts that do not exist.
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| hash("followup dummy password for timing").ok());

/// Whether `password` matches `stored`; with `None`, spends the same time and says no.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let (stored, known) = match stored {
        Some(stored) => (stored, true),
        None => match DUMMY_HASH.as_deref() {
            Some(dummy) => (dummy, false),
            None => return false,
        },
    };
    matches(password, stored).unwrap_or(false) && known
}

type Job = Box<dyn FnOnce() + Send>;

/// The argon2 threads, and as many slots as there are threads.
struct Workers {
    jobs: Mutex<Sender<Job>>,
    slots: Semaphore,
}

static WORKERS: LazyLock<Workers> = LazyLock::new(|| {
    release_large_buffers();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (jobs, queue) = channel::<Job>();
    let queue = Arc::new(Mutex::new(queue));
    let mut started = 0;
    for i in 0..threads {
        let queue = Arc::clone(&queue);
        let spawned = std::thread::Builder::new()
            .name(format!("argon2-{i}"))
            .spawn(move || work(&queue));
        match spawned {
            Ok(_) => started += 1,
            Err(err) => tracing::error!(error = %err, "cannot start an argon2 thread"),
        }
    }
    Workers {
        jobs: Mutex::new(jobs),
        slots: Semaphore::new(started),
    }
});

fn work(queue: &Mutex<Receiver<Job>>) {
    loop {
        let job = {
            let queue = queue.lock().unwrap_or_else(|e| e.into_inner());
            queue.recv()
        };
        match job {
            // A panic drops the job's reply, which its request reports as a 500; the thread
            // lives on for the next one.
            Ok(job) => {
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
            Err(_) => return,
        }
    }
}

/// The longest a request waits for an argon2 slot before it is told to come back.
const SLOT_WAIT: Duration = Duration::from_secs(10);

/// Runs `work` on an argon2 thread once one is free.
async fn in_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AuthError> {
    let busy = || AuthError::Busy("The server is busy signing people in".into());
    let _slot = tokio::time::timeout(SLOT_WAIT, WORKERS.slots.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    let (reply, answer) = oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = reply.send(work());
    });
    WORKERS
        .jobs
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .send(job)
        .map_err(AuthError::internal)?;
    answer.await.map_err(AuthError::internal)
}

/// `hash` on an argon2 thread.
pub async fn hash_off_thread(password: crate::domain::Password) -> Result<String, AuthError> {
    in_slot(move || hash(password.expose())).await?
}

/// `verify` on an argon2 thread.
pub async fn verify_off_thread(
    password: String,
    stored: Option<String>,
) -> Result<bool, AuthError> {
    in_slot(move || verify(&password, stored.as_deref())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_at_owasp_parameters() {
        let hashed = hash("correct horse battery").expect("hash");
        assert!(
            hashed.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hashed}"
        );
        assert!(verify("correct horse battery", Some(&hashed)));
        assert!(!verify("wrong horse battery", Some(&hashed)));
    }

    #[test]
    fn salts_differ_between_hashes() {
        assert_ne!(hash("same").expect("hash"), hash("same").expect("hash"));
    }

    #[test]
    fn hashes_made_by_the_argon2_crate_itself_verify() {
        use argon2::password_hash::PasswordHasher;
        let theirs = argon2(Params::DEFAULT)
            .hash_password(b"correct horse battery")
            .expect("hash")
            .to_string();
        assert!(verify("correct horse battery", Some(&theirs)));
        assert!(!verify("correct horse batter", Some(&theirs)));
        // Other parameters, as an older or newer policy would store them, are honoured.
        let params = Params::new(8192, 3, 1, None).expect("params");
        let older = argon2(params)
            .hash_password(b"correct horse battery")
            .expect("hash")
            .to_string();
        assert!(verify("correct horse battery", Some(&older)));
    }

    #[test]
    fn unknown_accounts_never_verify() {
        assert!(!verify("followup dummy password for timing", None));
        assert!(!verify("anything", Some("not a phc string")));
    }
}
