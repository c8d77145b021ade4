//! Connecting to SQLite or PostgreSQL and bringing the schema up to date.

use migration::{Migrator, MigratorTrait};
use model::AppError;
use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// The embedded default: a SQLite file next to the working directory, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/app.db?mode=rwc";

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("DATABASE_URL {0:?} is not a sqlite:// or postgres:// URL")]
    BadUrl(String),
    #[error("cannot create the directory for the SQLite file {path:?}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot connect to the database at {url}: {source}")]
    Connect { url: String, source: sea_orm::DbErr },
    #[error("cannot migrate the database: {0}")]
    Migrate(sea_orm::DbErr),
    #[error("{0}")]
    Config(String),
}

/// A URL with any password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Starts a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`IMMEDIATE`), waiting for it up to `busy_timeout`: a deferred transaction that has read
/// and then writes after another connection committed fails at once with "database is
/// locked" (a stale WAL snapshot), which no timeout can help. PostgreSQL ignores the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Runs `work` in a write transaction (`begin_write`): committed when it returns `Ok`,
/// rolled back when it returns `Err`.
pub async fn write<T, F>(db: &DatabaseConnection, work: F) -> Result<T, AppError>
where
    F: for<'c> FnOnce(
        &'c DatabaseTransaction,
    ) -> Pin<Box<dyn Future<Output = Result<T, AppError>> + Send + 'c>>,
{
    let txn = begin_write(db).await?;
    match work(&txn).await {
        Ok(value) => {
            txn.commit().await?;
            Ok(value)
        }
        Err(e) => {
            // The work's error says what went wrong; a rollback that fails too is the
            // connection's problem, and the pool discards such a connection.
            let _ = txn.rollback().await;
            Err(e)
        }
    }
}

tokio::task_local! {
    /// The cancel flag of the request whose work is being polled (see `cancellable`).
    static CANCEL: std::sync::Arc<std::sync::atomic::AtomicBool>;
}

/// Runs `work` for a request that can be abandoned: once `cancel` is set, a SQLite statement
/// it started is interrupted even after its future was dropped (PostgreSQL notices the closed
/// connection by itself, see `postgres_limits`).
pub async fn cancellable<F: std::future::Future>(
    cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    work: F,
) -> F::Output {
    CANCEL.scope(cancel, work).await
}

/// Time limits on database work. Read once from the environment (`from_env`); tests and the
/// command line's batch commands pass their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DbLimits {
    /// The longest one statement may run; `None` for no limit.
    pub statement: Option<Duration>,
}

impl DbLimits {
    /// A back office waits for a report, not for ever: 15 s.
    pub const DEFAULT_STATEMENT: Duration = Duration::from_secs(15);
    pub const ENV: &'static str = "CUMULUS_STATEMENT_TIMEOUT_MS";

    /// No limits: migrations and the seed command, which may legitimately run long.
    pub fn none() -> DbLimits {
        DbLimits { statement: None }
    }

    /// `CUMULUS_STATEMENT_TIMEOUT_MS` (0 for no limit), read on first use and kept.
    pub fn from_env() -> Result<DbLimits, DbSetupError> {
        static LIMITS: std::sync::OnceLock<Result<DbLimits, String>> = std::sync::OnceLock::new();
        LIMITS
            .get_or_init(|| Self::parse(std::env::var(Self::ENV).ok().as_deref()))
            .clone()
            .map_err(DbSetupError::Config)
    }

    pub fn parse(value: Option<&str>) -> Result<DbLimits, String> {
        let statement = match value.map(str::trim) {
            None | Some("") => Some(Self::DEFAULT_STATEMENT),
            Some(v) => match v.parse::<u64>() {
                Ok(0) => None,
                Ok(ms) => Some(Duration::from_millis(ms)),
                Err(_) => {
                    return Err(format!(
                        "{} must be a number of milliseconds (0 for no limit), not {v:?}",
                        Self::ENV
                    ))
                }
            },
        };
        Ok(DbLimits { statement })
    }
}

/// Connects, creating the SQLite file (and its directory) when needed, with the limits from
/// the environment.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbSetupError> {
    connect_with(url, DbLimits::from_env()?).await
}

/// Connects with explicit limits.
pub async fn connect_with(url: &str, limits: DbLimits) -> Result<DatabaseConnection, DbSetupError> {
    let backend = if url.starts_with("sqlite:") {
        DbBackend::Sqlite
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        DbBackend::Postgres
    } else {
        return Err(DbSetupError::BadUrl(redact(url)));
    };
    if backend == DbBackend::Sqlite {
        ensure_sqlite_dir(url)?;
    }
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10));
    if backend == DbBackend::Sqlite {
        // One writer at a time anyway; a small pool avoids "database is locked" churn.
        opts.max_connections(4);
        // Write-ahead logging: readers keep reading the last commit while a write is under
        // way, and a writer does not wait for readers to finish (SQLite's default journal
        // locks them out of each other). A page cache of 32 MB per connection instead of
        // 2 MB: a 1M-client database's upper index pages stay in memory.
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .pragma("cache_size", "-32768")
        });
    }
    match (backend, limits.statement) {
        (DbBackend::Postgres, limit) => postgres_limits(&mut opts, limit),
        (_, limit) => sqlite_limits::install(&mut opts, limit),
    }
    Database::connect(opts)
        .await
        .map_err(|source| DbSetupError::Connect {
            url: redact(url),
            source,
        })
}

/// PostgreSQL enforces the limits itself, set for every pooled connection at start-up (no
/// extra round trip): the statement limit, a shorter wait for row locks, and an end to
/// sessions that sit in an open transaction. `client_connection_check_interval` (PG 14+) makes
/// a backend notice, while it runs a statement, that its client has closed the connection:
/// that is how an abandoned request's statement stops (see `after_release` below), with or
/// without a statement limit.
fn postgres_limits(opts: &mut ConnectOptions, limit: Option<Duration>) {
    let ms = |d: Duration| d.as_millis().max(1).to_string();
    let mut settings = vec![("client_connection_check_interval", "1000".to_owned())];
    if let Some(limit) = limit {
        settings.extend([
            ("statement_timeout", ms(limit)),
            ("lock_timeout", ms(limit.min(Duration::from_secs(5)))),
            (
                "idle_in_transaction_session_timeout",
                ms(limit.max(Duration::from_secs(60))),
            ),
        ]);
    }
    opts.map_sqlx_postgres_opts(move |o| o.options(settings.clone()));
    // A connection comes back to the pool still running its statement when the future that
    // used it was dropped (the client went away). sqlx would then wait for the statement to
    // finish before reusing it; instead, a connection that does not answer a ping promptly is
    // closed, and PostgreSQL cancels the statement within the check interval above.
    opts.map_sqlx_postgres_pool_opts(|o| {
        o.after_release(|conn, _| {
            Box::pin(async move {
                use sea_orm::sqlx::Connection;
                Ok(tokio::time::timeout(RELEASE_PING, conn.ping())
                    .await
                    .is_ok_and(|r| r.is_ok()))
            })
        })
    });
}

/// How long an idle connection may take to answer a ping on its way back to the pool: local
/// round trips take well under a millisecond; a busy one never answers in time.
const RELEASE_PING: Duration = Duration::from_millis(500);

/// SQLite has no statement time limit of its own, so each connection gets one: a trace hook
/// (`SQLITE_TRACE_STMT`) notes when each statement starts running, and a progress handler,
/// called every few thousand virtual machine steps, interrupts the statement once it has run
/// longer than the limit (`SQLITE_INTERRUPT`, reported as "the query took too long").
///
/// Limits of this on SQLite: the clock only ticks while SQLite executes; time spent waiting
/// for the write lock is bounded by `busy_timeout` instead. A statement abandoned by its
/// client stops as soon as sqlx next hands over a row (its channel is gone), or at the limit.
mod sqlite_limits {
    use sea_orm::sqlx::sqlite::{LockedSqliteHandle, SqliteConnection};
    use sea_orm::ConnectOptions;
    use std::collections::HashMap;
    use std::ffi::{c_char, c_int, c_uint, c_void};
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::{Arc, Mutex, Weak};
    use std::time::{Duration, Instant};

    /// Virtual machine steps between two looks at the clock: cheap, and frequent enough.
    const STEPS: i32 = 10_000;
    /// No statement running.
    const IDLE: u64 = u64::MAX;

    /// One connection's watch: when its current statement started, in ns since `base`, and
    /// the cancel flag of the request that last took the connection from the pool.
    struct Clock {
        base: Instant,
        started: AtomicU64,
        owner: Mutex<Option<Arc<AtomicBool>>>,
    }

    impl Clock {
        fn now(&self) -> u64 {
            u64::try_from(self.base.elapsed().as_nanos()).unwrap_or(IDLE - 1)
        }

        fn cancelled(&self) -> bool {
            // Never block SQLite's thread: a contended lock is looked at next time.
            self.owner
                .try_lock()
                .ok()
                .and_then(|o| o.as_ref().map(|f| f.load(Ordering::Relaxed)))
                .unwrap_or(false)
        }
    }

    /// Every open connection's `Clock`, by its `sqlite3*`: the pool's hooks are given the
    /// connection, not the clock.
    fn clocks() -> &'static Mutex<HashMap<usize, Weak<Clock>>> {
        static CLOCKS: std::sync::OnceLock<Mutex<HashMap<usize, Weak<Clock>>>> =
            std::sync::OnceLock::new();
        CLOCKS.get_or_init(Default::default)
    }

    /// The time limit (if any), and cancellation of abandoned requests' statements: a
    /// connection taken from the pool inside `super::cancellable` carries that request's flag,
    /// and the progress handler interrupts the statement once the flag is set, even though the
    /// dropped query future no longer waits for it.
    pub fn install(opts: &mut ConnectOptions, limit: Option<Duration>) {
        let limit_ns = limit.map_or(u64::MAX, |l| {
            u64::try_from(l.as_nanos()).unwrap_or(u64::MAX)
        });
        opts.map_sqlx_sqlite_pool_opts(move |o| {
            o.after_connect(move |conn, _| {
                Box::pin(async move {
                    let mut handle = conn.lock_handle().await?;
                    attach(&mut handle, limit_ns);
                    Ok(())
                })
            })
            .before_acquire(|conn, _| Box::pin(async move { take(conn).await.map(|()| true) }))
        });
    }

    /// The connection now serves the current request (or no request): its cancel flag.
    async fn take(conn: &mut SqliteConnection) -> Result<(), sea_orm::sqlx::Error> {
        let owner = super::CANCEL.try_with(Arc::clone).ok();
        let mut handle = conn.lock_handle().await?;
        let key = handle.as_raw_handle().as_ptr() as usize;
        let clock = clocks()
            .lock()
            .ok()
            .and_then(|m| m.get(&key).and_then(Weak::upgrade));
        if let Some(clock) = clock {
            if let Ok(mut o) = clock.owner.lock() {
                *o = owner;
            }
        }
        Ok(())
    }

    fn attach(handle: &mut LockedSqliteHandle<'_>, limit_ns: u64) {
        let clock = Arc::new(Clock {
            base: Instant::now(),
            started: AtomicU64::new(IDLE),
            owner: Mutex::new(super::CANCEL.try_with(Arc::clone).ok()),
        });
        let key = handle.as_raw_handle().as_ptr() as usize;
        // The trace hook owns one reference, given back on SQLITE_TRACE_CLOSE.
        let hook_ref = Arc::into_raw(clock.clone()) as *mut c_void;
        // SAFETY: the handle is locked (sqlx's worker is not using the connection), the
        // callback only touches the `Clock` it was given and the statement text SQLite passes,
        // and that `Clock` stays alive until the connection closes (SQLITE_TRACE_CLOSE).
        let rc = unsafe {
            libsqlite3_sys::sqlite3_trace_v2(
                handle.as_raw_handle().as_ptr(),
                libsqlite3_sys::SQLITE_TRACE_STMT
                    | libsqlite3_sys::SQLITE_TRACE_PROFILE
                    | libsqlite3_sys::SQLITE_TRACE_CLOSE,
                Some(trace),
                hook_ref,
            )
        };
        if rc != libsqlite3_sys::SQLITE_OK {
            // SAFETY: SQLite did not take the reference.
            drop(unsafe { Arc::from_raw(hook_ref as *const Clock) });
            tracing::warn!(rc, "SQLite statement time limit not installed");
            return;
        }
        if let Ok(mut m) = clocks().lock() {
            m.insert(key, Arc::downgrade(&clock));
        }
        // Returning false interrupts the running statement.
        handle.set_progress_handler(STEPS, move || {
            let started = clock.started.load(Ordering::Relaxed);
            started == IDLE
                || (clock.now().saturating_sub(started) <= limit_ns && !clock.cancelled())
        });
    }

    unsafe extern "C" fn trace(
        event: c_uint,
        ctx: *mut c_void,
        p: *mut c_void,
        x: *mut c_void,
    ) -> c_int {
        let clock = ctx as *const Clock;
        match event {
            libsqlite3_sys::SQLITE_TRACE_STMT => {
                // X is the statement's text, or a "--" comment when a trigger starts: that is
                // still the same statement, whose clock keeps running.
                let text = x as *const c_char;
                // SAFETY: SQLite passes a NUL-terminated string; reading two bytes stops at NUL.
                let trigger = !text.is_null()
                    && unsafe { *text == b'-' as c_char && *text.add(1) == b'-' as c_char };
                if !trigger {
                    // SAFETY: `ctx` is the `Clock` reference given in `attach`, alive until CLOSE.
                    let clock = unsafe { &*clock };
                    clock.started.store(clock.now(), Ordering::Relaxed);
                }
            }
            libsqlite3_sys::SQLITE_TRACE_PROFILE => {
                // SAFETY: as above.
                unsafe { &*clock }.started.store(IDLE, Ordering::Relaxed);
            }
            libsqlite3_sys::SQLITE_TRACE_CLOSE => {
                // P is the closing connection.
                if let Ok(mut m) = clocks().lock() {
                    m.remove(&(p as usize));
                }
                // SAFETY: the reference `attach` leaked; SQLite calls this once, last.
                drop(unsafe { Arc::from_raw(clock) });
            }
            _ => {}
        }
        0
    }
}

fn ensure_sqlite_dir(url: &str) -> Result<(), DbSetupError> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(|source| DbSetupError::Directory {
                path: path.to_owned(),
                source,
            })?;
        }
    }
    Ok(())
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbSetupError> {
    Migrator::up(db, None)
        .await
        .map_err(DbSetupError::Migrate)?;
    refresh_statistics(db).await.map_err(DbSetupError::Migrate)
}

/// SQLite plans from the statistics `ANALYZE` gathers, and without them it guesses: at 1M
/// clients it takes a four-valued status index for selective and sorts 300,000 rows instead
/// of reading the sort's index. A database that has never been analysed is analysed in full
/// (seconds at 1M clients, once); after that `PRAGMA optimize` re-analyses only the tables
/// that changed a lot. PostgreSQL's autovacuum keeps its own statistics.
async fn refresh_statistics(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    let analysed = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'",
        ))
        .await?
        .is_some();
    db.execute_unprepared(if analysed {
        "PRAGMA optimize=0x10002"
    } else {
        "ANALYZE"
    })
    .await
    .map(|_| ())
}

/// Connect and migrate: what start-up and tests do. Limits from the environment.
pub async fn open(url: &str) -> Result<DatabaseConnection, DbSetupError> {
    open_with(url, DbLimits::from_env()?).await
}

/// Connect with `limits` and migrate. Migrations may rebuild large tables, so they run on a
/// connection without limits, which is then closed.
pub async fn open_with(url: &str, limits: DbLimits) -> Result<DatabaseConnection, DbSetupError> {
    if limits == DbLimits::none() {
        let db = connect_with(url, limits).await?;
        migrate(&db).await?;
        return Ok(db);
    }
    let unlimited = connect_with(url, DbLimits::none()).await?;
    migrate(&unlimited).await?;
    // Closing only returns the connections; an error here changes nothing for the new pool.
    let _ = unlimited.close().await;
    connect_with(url, limits).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_statement_limit() {
        let limit = |v| DbLimits::parse(v).map(|l| l.statement);
        assert_eq!(limit(None), Ok(Some(DbLimits::DEFAULT_STATEMENT)));
        assert_eq!(limit(Some("2500")), Ok(Some(Duration::from_millis(2500))));
        assert_eq!(limit(Some("0")), Ok(None));
        assert!(limit(Some("15s")).unwrap_err().contains(DbLimits::ENV));
    }

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact("postgres://bob:secret@db:5432/x"),
            "postgres://bob:***@db:5432/x"
        );
        assert_eq!(redact("postgres://bob@db/x"), "postgres://bob@db/x");
        assert_eq!(redact("sqlite://data/app.db"), "sqlite://data/app.db");
    }
}
