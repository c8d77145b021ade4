//! Turning server-side failures into `AppError` and its HTTP status.

use crate::model::AppError;

/// A database error is logged in full and reported to the caller without details.
pub fn internal(e: sea_orm::DbErr) -> AppError {
    tracing::error!(error = %e, "database error");
    AppError::Internal
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
