//! The Cumulus HTTP server: configuration and the axum router. `main.rs` is the command line.

mod error_status;

use app::server::state::AppState;
use app::{shell, App};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sea_orm::DatabaseConnection;

/// The leptos options: from cargo-leptos' environment when it runs us, with the workspace's
/// defaults otherwise (tests, or the binary started by hand).
pub fn leptos_options() -> LeptosOptions {
    match leptos::config::get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(_) => LeptosOptions::builder()
            .output_name("cumulus")
            .site_root("target/site")
            .site_pkg_dir("pkg")
            .build(),
    }
}

/// Every route: the server-rendered pages, the server functions and the static files.
pub fn router(leptos_options: LeptosOptions, db: DatabaseConnection) -> Router {
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db,
    };
    let routes = generate_route_list(App);
    let context_state = state.clone();
    Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(
            error_status::server_fn_error_status,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}
