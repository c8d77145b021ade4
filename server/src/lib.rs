//! The Cumulus HTTP server: configuration and the axum router. `main.rs` is the command line.

pub mod auth_layer;
pub mod bench;
pub mod config;
mod error_status;
pub mod export;
pub mod path_guard;
pub mod resilience;
pub mod static_files;

use app::server::state::AppState;
use app::{shell, App};
use axum::Router;
use domain::auth::session_store::DbSessionStore;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use sea_orm::DatabaseConnection;
use std::sync::OnceLock;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The leptos options: from cargo-leptos' environment when it runs us, with the workspace's
/// defaults otherwise (tests, or the binary started by hand).
pub fn leptos_options() -> LeptosOptions {
    let mut options = match leptos::config::get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(_) => LeptosOptions::builder()
            .output_name("cumulus")
            .site_root("target/site")
            .site_pkg_dir("pkg")
            .build(),
    };
    // Without cargo-leptos' `LEPTOS_OUTPUT_NAME`, leptos' reading leaves the name empty (the
    // page would load `/pkg/.js`).
    if options.output_name.is_empty() {
        options.output_name = "cumulus".into();
    }
    options
}

/// Every route: the server-rendered pages, the server functions and the static files, behind
/// sessions, the same-origin check and authorisation.
pub fn router(leptos_options: LeptosOptions, db: DatabaseConnection) -> Router {
    router_with(AppState::new(leptos_options, db))
}

/// The app's routes, generated once per process. Generating them renders the app with resource
/// loading suppressed by a process-wide flag (leptos_server's `SuppressResourceLoad`): a page
/// of another router in the same process whose resource first ran in that moment would wait
/// for ever (leptos issue #4773; it hung tests that build a router while another serves).
/// Generated once, before the first router exists, that moment is over before any page.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The router over a given state (the server shares its job worker's wake-up with it).
pub fn router_with(state: AppState) -> Router {
    // The binary checked the environment at start-up; a test has none to get wrong.
    let config = config::Config::load().unwrap_or_else(|e| panic!("{e}"));
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("cumulus_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)));
    let routes = routes();
    let context_state = state.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(options.clone()),
        )
        .route(
            model::client_export::EXPORT_PATH,
            axum::routing::get(export::clients),
        )
        .merge(static_files::router(&state.leptos_options))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Layers run outside-in from the last one: path check, request guard (id, panics,
        // time limit), compression, error status, same-origin check, session, then
        // authorisation (which needs the session).
        .layer(axum::middleware::from_fn_with_state(
            auth_layer::AuthState {
                app: state.clone(),
                proxy_hops: config.proxy_hops,
            },
            auth_layer::authenticate,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn(auth_layer::same_origin))
        .layer(axum::middleware::from_fn(
            error_status::server_fn_error_status,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            resilience::Limits {
                time_limit: config.request_time_limit,
            },
            resilience::guard,
        ))
        // Outermost: a path the router and the access layer might read differently goes no
        // further.
        .layer(axum::middleware::from_fn(path_guard::reject_abnormal_paths))
        .with_state(state)
}
