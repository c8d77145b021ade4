//! The server side of the pages: what a server function needs from its request (the caller,
//! the pool, a guard against abandoned requests) around the services in `domain`.

pub mod assets;
pub mod guard;
pub mod state;

use domain::{audit, auth, db};
use model::AppError;
use sea_orm::DatabaseConnection;

/// What a staff server function's body gets: the pool, and who is calling (for the audit log).
pub struct Ctx {
    pub db: DatabaseConnection,
    pub actor: audit::Actor,
    pub state: state::AppState,
}

impl Ctx {
    /// Tells this process's job worker that a job is waiting (others poll).
    pub fn wake_jobs(&self) {
        self.state.wake_jobs.notify_one();
    }
}

/// The request's principal, resolved once by the server's auth layer (see `auth::access`).
pub fn request_principal() -> Option<auth::Principal> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<auth::Principal>().cloned())
}

fn app_state() -> Result<state::AppState, AppError> {
    leptos::prelude::use_context::<state::AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

/// The body of every staff `#[server]` function: refuse anyone the access layer would refuse,
/// then run the service. Called over HTTP, the function is the request's path, whose own
/// permission applies (the auth layer checked it already; this is the second lock). Called
/// while rendering a page, it reads data for that page, which needs `View`. The server's
/// `error_status` layer turns errors into HTTP statuses.
pub async fn call<T, F, Fut>(f: F) -> Result<T, AppError>
where
    F: FnOnce(Ctx) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let access = request_path()
        .filter(|p| p.starts_with("/api/"))
        .map(|p| auth::access::for_path(&p))
        .unwrap_or(auth::access::Access::Staff(model::staff::Permission::View));
    call_as(access, f).await
}

/// `call` with the access stated by the function (e.g. `Access::OwnAccount`).
pub async fn call_as<T, F, Fut>(access: auth::access::Access, f: F) -> Result<T, AppError>
where
    F: FnOnce(Ctx) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let principal = request_principal();
    auth::access::check(access, principal.as_ref())?;
    let actor = principal.map(|p| p.actor()).ok_or(AppError::Unauthorized)?;
    let state = app_state()?;
    guarded(f(Ctx {
        db: state.db.clone(),
        actor,
        state,
    }))
    .await
}

/// The caller's address, put in the request's extensions by the server (for throttling).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIp(pub String);

/// The request's client address, or "unknown" when the server did not record one.
pub fn request_ip() -> String {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientIp>().map(|ip| ip.0.clone()))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn request_path() -> Option<String> {
    leptos::prelude::use_context::<axum::http::request::Parts>().map(|p| p.uri.path().to_owned())
}

/// A service run for a request: dropped as soon as the client has gone (with it go its
/// database futures, and the pool cancels their statements), and a panic in it becomes a
/// logged 500 instead of a page whose stream never ends (resources run in spawned tasks that
/// the server's catch-panic layer cannot see).
async fn guarded<T>(
    work: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let work = db::cancellable(cancel.clone(), guard::catching(work));
    let result = match guard::current_request_gone() {
        Some(gone) => tokio::select! {
            biased;
            r = work => r,
            () = gone.wait() => {
                // Dropping the work drops its database futures; SQLite's running statement
                // is interrupted by the flag (PostgreSQL's by the closed connection).
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                tracing::info!("request abandoned by the client; its work was stopped");
                return Err(AppError::Transport("The request was abandoned.".into()));
            }
        },
        None => work.await,
    };
    result.unwrap_or_else(|panic| {
        tracing::error!(%panic, "server function panicked");
        Err(AppError::Internal)
    })
}

/// For the few server functions that are not staff-only (sign-in, the portal): the pool,
/// the session and the principal, if any; the function checks what it needs.
pub async fn call_open<T, F, Fut>(f: F) -> Result<T, AppError>
where
    F: FnOnce(DatabaseConnection, tower_sessions::Session, Option<auth::Principal>) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let session = leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "no session layer");
            AppError::Internal
        })?;
    guarded(f(app_state()?.db, session, request_principal())).await
}
