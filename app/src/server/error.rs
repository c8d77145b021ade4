//! Turning server-side failures into `AppError` and its HTTP status.

use crate::model::AppError;

/// What the caller is told when a statement hit its time limit.
pub const TOO_SLOW: &str = "The query took too long; try again or narrow the search.";

/// A database error is logged in full and reported to the caller without details, except for
/// the time limits, which the caller can act on.
pub fn internal(e: sea_orm::DbErr) -> AppError {
    if let Some(message) = time_limit(&e) {
        tracing::warn!(error = %e, "database time limit");
        return AppError::Unavailable(message.to_owned());
    }
    tracing::error!(error = %e, "database error");
    AppError::Internal
}

/// Whether `e` is one of the database's time limits (see `db::DbLimits`), and what to say.
fn time_limit(e: &sea_orm::DbErr) -> Option<&'static str> {
    use sea_orm::{DbErr, RuntimeErr};
    let sqlx = match e {
        DbErr::ConnectionAcquire(_) => return Some("The database is busy; try again shortly."),
        DbErr::Query(RuntimeErr::SqlxError(x))
        | DbErr::Exec(RuntimeErr::SqlxError(x))
        | DbErr::Conn(RuntimeErr::SqlxError(x)) => x,
        _ => return None,
    };
    if matches!(**sqlx, sea_orm::sqlx::Error::PoolTimedOut) {
        return Some("The database is busy; try again shortly.");
    }
    let code = sqlx.as_database_error()?.code()?;
    match code.as_ref() {
        // PostgreSQL query_canceled (statement_timeout); SQLite SQLITE_INTERRUPT (our
        // progress handler's deadline).
        "57014" | "9" => Some(TOO_SLOW),
        // PostgreSQL lock_not_available (lock_timeout).
        "55P03" => Some("The data is being changed by someone else; try again shortly."),
        _ => None,
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        internal(e)
    }
}

impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(e: sea_orm::TransactionError<AppError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(e) => internal(e),
            sea_orm::TransactionError::Transaction(e) => e,
        }
    }
}

/// Whether the database refused a write because of a unique index: the rule the index keeps
/// was broken (also by a concurrent request that passed the same checks first).
pub fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Maps a unique-index refusal to `on_unique` (a message about the field it concerns); any
/// other database error stays internal.
pub fn unique_or_internal(e: sea_orm::DbErr, on_unique: impl FnOnce() -> AppError) -> AppError {
    if is_unique_violation(&e) {
        on_unique()
    } else {
        internal(e)
    }
}
