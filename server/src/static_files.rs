//! `/pkg/*`: the built wasm, JavaScript and CSS. A release build (`--precompress`) leaves a
//! brotli and a gzip copy beside each file, served as they are to browsers that accept them
//! instead of compressing on every request. A file whose name carries its content hash may be
//! kept forever; any other is revalidated on each use.

use app::server::assets::is_hashed;
use app::server::state::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use leptos::config::LeptosOptions;
use std::path::Path;
use tower_http::services::ServeDir;

pub fn router(options: &LeptosOptions) -> Router<AppState> {
    let pkg = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    Router::new()
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            ServeDir::new(pkg).precompressed_br().precompressed_gzip(),
        )
        .layer(axum::middleware::from_fn(cache_control))
}

const FOREVER: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

async fn cache_control(req: Request, next: Next) -> Response {
    let hashed = req.uri().path().rsplit('/').next().is_some_and(is_hashed);
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == axum::http::StatusCode::NOT_MODIFIED {
        let value = if hashed { FOREVER } else { REVALIDATE };
        res.headers_mut().insert(header::CACHE_CONTROL, value);
        // The body depends on Accept-Encoding (a precompressed copy or the plain file).
        res.headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}
