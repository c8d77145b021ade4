//! What every request can reach: the leptos options, the database pool, the OpenStack seam and
//! the nudge that wakes this process's job worker.

use axum::extract::FromRef;
use domain::openstack::{LocalOpenStack, OpenStack};
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub openstack: Arc<dyn OpenStack>,
    pub wake_jobs: Arc<Notify>,
}

impl AppState {
    /// The state with the local OpenStack (our own tables) and a fresh wake-up signal.
    pub fn new(leptos_options: LeptosOptions, db: DatabaseConnection) -> Self {
        let openstack = Arc::new(LocalOpenStack::new(db.clone()));
        Self::with_openstack(leptos_options, db, openstack)
    }

    /// The state with the given OpenStack (the server's, from `openstack::configure`).
    pub fn with_openstack(
        leptos_options: LeptosOptions,
        db: DatabaseConnection,
        openstack: Arc<dyn OpenStack>,
    ) -> Self {
        AppState {
            leptos_options,
            openstack,
            db,
            wake_jobs: Arc::new(Notify::new()),
        }
    }
}
