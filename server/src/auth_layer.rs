//! Authentication and authorisation for every request, before any page or server function:
//! resolves the session's principal, applies `app::server::auth::access`, and leaves the
//! principal and the client's address in the request for the handlers.

use app::model::AppError;
use app::server::auth::access;
use app::server::auth::{self, ClientIp};
use app::server::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;
use tower_sessions::Session;

/// Whether to take the client's address from `X-Forwarded-For` (only behind a proxy that
/// sets it): `CUMULUS_TRUST_PROXY=1`.
fn trust_proxy() -> bool {
    std::env::var("CUMULUS_TRUST_PROXY").is_ok_and(|v| v == "1" || v == "true")
}

fn client_ip(req: &Request) -> String {
    if trust_proxy() {
        if let Some(first) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
        {
            return first.trim().to_owned();
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

fn api_error(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(&err).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    // Static assets are public and need no session lookup (one query saved per file).
    let path = req.uri().path();
    if path.starts_with("/pkg/") || path == "/favicon.svg" {
        return next.run(req).await;
    }
    let ip = client_ip(&req);
    let principal = match req.extensions().get::<Session>().cloned() {
        Some(session) => match auth::principal(&state.db, &session).await {
            Ok(p) => p,
            Err(e) => return api_error(e),
        },
        None => None,
    };
    let path = req.uri().path().to_owned();
    let access = access::for_path(&path);
    if let Err(err) = access::check(access, principal.as_ref()) {
        if path.starts_with("/api/") {
            return api_error(err);
        }
        return match &principal {
            // Signed in, but this is the other side of the house: go home.
            Some(p) => Redirect::to(access::home(p)).into_response(),
            None => {
                let wanted = req
                    .uri()
                    .path_and_query()
                    .map(|pq| pq.as_str().to_owned())
                    .unwrap_or_else(|| path.clone());
                Redirect::to(&format!("/login?next={}", url_escape(&wanted))).into_response()
            }
        };
    }
    if path == "/login" {
        if let Some(p) = &principal {
            return Redirect::to(access::home(p)).into_response();
        }
    }
    req.extensions_mut().insert(ClientIp(ip));
    if let Some(p) = principal {
        req.extensions_mut().insert(p);
    }
    next.run(req).await
}

/// Percent-encodes a path for a query value.
fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Refuses state-changing requests sent from another origin (CSRF): the `Origin` header, or
/// failing that the `Referer`, must name this host. Requests with neither come from
/// non-browser clients, which cannot carry a victim's cookies across sites.
pub async fn same_origin(req: Request, next: Next) -> Response {
    let safe = matches!(req.method().as_str(), "GET" | "HEAD" | "OPTIONS");
    if !safe {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned);
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .or_else(|| req.headers().get(header::REFERER))
            .and_then(|h| h.to_str().ok());
        if let Some(origin) = origin {
            let origin_host = origin
                .split("://")
                .nth(1)
                .and_then(|rest| rest.split('/').next());
            if origin_host.is_none() || origin_host.map(str::to_owned) != host {
                return api_error(AppError::Forbidden);
            }
        }
    }
    next.run(req).await
}
