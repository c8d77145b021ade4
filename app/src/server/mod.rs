//! Everything that runs only on the server: database, entities, services, demo data.

pub mod db;
pub mod entities;
pub mod error;
pub mod money;
pub mod seed;
pub mod services;
pub mod state;
pub mod testing;

use crate::model::AppError;
use sea_orm::DatabaseConnection;

/// What a server function's body gets: the pool (and, as auth grows, who is calling).
pub struct Ctx {
    pub db: DatabaseConnection,
}

/// The body of every `#[server]` function: build the context and run the service. (The
/// server's `error_status` layer turns the error into its HTTP status.)
pub async fn call<T, F, Fut>(f: F) -> Result<T, AppError>
where
    F: FnOnce(Ctx) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let state = leptos::prelude::use_context::<state::AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })?;
    f(Ctx { db: state.db }).await
}
