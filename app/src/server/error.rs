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
