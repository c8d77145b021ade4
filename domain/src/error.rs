//! Turning server-side failures into `AppError` and its HTTP status.

use model::AppError;

// How a database error becomes the caller's error lives beside `AppError` (model's `db`
// feature): `?` on a `DbErr` needs the `From` impl there (the orphan rule).
pub use model::error::db::{internal, TOO_SLOW};

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
