//! One server per SQLite file. The server caches what it serves from its own writes (see
//! `db::Changes`), which is sound only if no other server writes to the same file; several
//! servers against one database is what PostgreSQL is for.
//!
//! The claim is an exclusive lock on `<file>.lock`, released by the operating system when the
//! process ends, however it ends: a crash leaves nothing to clean up.

use std::fs::{File, OpenOptions, TryLockError};

use super::DbError;

/// Held while the server runs.
#[derive(Debug)]
pub struct Claim {
    _file: File,
}

/// Claims the SQLite database at `path` (a path or a `file:` URI, as SQLite takes it).
pub fn claim_sqlite(path: &str) -> Result<Claim, DbError> {
    let file_path = path.strip_prefix("file:").unwrap_or(path);
    let file_path = file_path.split('?').next().unwrap_or(file_path);
    let lock = format!("{file_path}.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|err| DbError::Claim(format!("cannot open {lock}: {err}")))?;
    match file.try_lock() {
        Ok(()) => Ok(Claim { _file: file }),
        Err(TryLockError::WouldBlock) => Err(DbError::Claim(format!(
            "another followup server is using {file_path} (it holds {lock}). One server serves \
             a SQLite database: stop the other one, or use PostgreSQL to run several"
        ))),
        Err(TryLockError::Error(err)) => Err(DbError::Claim(format!("cannot lock {lock}: {err}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_waits_for_the_first_to_end() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("followup.db");
        let db = db.to_str().expect("utf-8 path");
        let first = claim_sqlite(db).expect("first claim");
        let second = claim_sqlite(&format!("file:{db}?mode=rwc")).expect_err("already claimed");
        assert!(
            second.to_string().contains("another followup server"),
            "{second}"
        );
        drop(first);
        claim_sqlite(db).expect("claimable again");
    }
}
