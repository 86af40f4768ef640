//! An r2d2 connection manager that picks the backend from the URL scheme, reports the real reason
//! a connection failed, and sets SQLite's pragmas on every new connection.

use diesel::connection::SimpleConnection;
use diesel::r2d2::R2D2Connection;
use diesel::{Connection, PgConnection, SqliteConnection};

use super::{DbConnection, DbError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

#[derive(Debug, Clone)]
pub struct ConnectionManager {
    backend: Backend,
    /// What the driver is given: the whole URL for PostgreSQL, the file path for SQLite.
    target: String,
    /// SQLite connections that refuse to write, so a write sent down the read path fails in
    /// every test instead of queueing beside the writer.
    read_only: bool,
}

// WAL lets readers run beside the writer; the busy timeout makes writers queue rather than fail.
// The timeout comes first: switching to WAL needs a lock too, and without it a connection opened
// while another process held the file failed at once ("database is locked").
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

impl ConnectionManager {
    pub fn new(url: &str) -> Result<Self, DbError> {
        let (backend, target) = if url.starts_with("postgres://")
            || url.starts_with("postgresql://")
        {
            (Backend::Postgres, url.to_string())
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            (Backend::Sqlite, path.to_string())
        } else {
            return Err(DbError::Url(format!(
                "unsupported database URL `{}`: use sqlite://PATH or postgres://USER:PASSWORD@HOST/DB",
                redact(url)
            )));
        };
        if target.is_empty() || target == ":memory:" {
            return Err(DbError::Url(
                "sqlite:// needs a file path (an in-memory database would differ per connection)"
                    .into(),
            ));
        }
        Ok(Self {
            backend,
            target,
            read_only: false,
        })
    }

    /// The same database, for connections that only read.
    pub fn read_only(self) -> Self {
        Self {
            read_only: true,
            ..self
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database file (or `file:` URI) for SQLite.
    pub fn sqlite_path(&self) -> Option<&str> {
        (self.backend == Backend::Sqlite).then_some(self.target.as_str())
    }

    pub fn open(&self) -> Result<DbConnection, DbError> {
        match self.backend {
            Backend::Postgres => Ok(DbConnection::Pg(PgConnection::establish(&self.target)?)),
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(&self.target)?;
                conn.batch_execute(SQLITE_PRAGMAS)?;
                if self.read_only {
                    conn.batch_execute("PRAGMA query_only = ON;")?;
                }
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

/// Hides a password in a URL before it reaches a log or an error message.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = DbError;

    fn connect(&self) -> Result<DbConnection, DbError> {
        self.open()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        Ok(conn.ping()?)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_backend_from_scheme() {
        let m = ConnectionManager::new("sqlite://followup.db").expect("sqlite url");
        assert_eq!(m.backend(), Backend::Sqlite);
        assert_eq!(m.target, "followup.db");
        let m = ConnectionManager::new("postgresql://u:p@localhost/db").expect("pg url");
        assert_eq!(m.backend(), Backend::Postgres);
    }

    #[test]
    fn rejects_unknown_schemes_without_leaking_passwords() {
        let err = ConnectionManager::new("mysql://root:hunter2@db/x").expect_err("unsupported");
        let text = err.to_string();
        assert!(text.contains("root:***@db"), "{text}");
        assert!(!text.contains("hunter2"));
        assert!(ConnectionManager::new("sqlite://").is_err());
    }

    #[test]
    fn bad_postgres_url_reports_the_real_reason() {
        let m = ConnectionManager::new("postgres://nobody:x@127.0.0.1:1/none").expect("url parses");
        let err = m
            .open()
            .err()
            .expect("nothing listens on port 1")
            .to_string();
        assert!(err.contains("connect"), "{err}");
        assert!(!err.contains("Invalid connection url"), "{err}");
    }

    #[test]
    fn sqlite_connections_get_their_pragmas() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("p.db").display());
        let mut conn = ConnectionManager::new(&url)
            .expect("url")
            .open()
            .expect("open");
        #[derive(diesel::QueryableByName)]
        struct Value {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            v: i32,
        }
        use diesel::RunQueryDsl;
        let fk: Vec<Value> = diesel::sql_query("SELECT foreign_keys AS v FROM pragma_foreign_keys")
            .load(&mut conn)
            .expect("pragma");
        assert_eq!(fk[0].v, 1);
    }

    #[test]
    fn a_connection_opened_while_the_file_is_locked_waits_for_it() {
        use diesel::connection::SimpleConnection;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("locked.db").display().to_string();
        let open_plain = || SqliteConnection::establish(&path).expect("plain connection");
        // Another process's reader, in rollback-journal mode, holding a shared lock: switching
        // the new connection to WAL needs the file to itself.
        let mut holder = open_plain();
        holder
            .batch_execute("CREATE TABLE t (x INTEGER); BEGIN; SELECT count(*) FROM t;")
            .expect("shared lock");
        let url = format!("sqlite://{path}");
        let opener = std::thread::spawn(move || ConnectionManager::new(&url).expect("url").open());
        // While the opener waits for the file it holds SQLite's PENDING lock, which turns away
        // new readers: a reader that cannot start is the sign that it is waiting, not failing.
        let mut probe = open_plain();
        while !opener.is_finished() && probe.batch_execute("SELECT count(*) FROM t;").is_ok() {
            std::thread::yield_now();
        }
        holder.batch_execute("COMMIT").expect("release");
        let opened = opener.join().expect("opener thread");
        assert!(opened.is_ok(), "{:?}", opened.err());
    }
}
