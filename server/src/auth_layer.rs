//! Authentication and authorisation for every request, before any page or server function:
//! resolves the session's principal, applies `domain::auth::access`, and leaves the
//! principal and the client's address in the request for the handlers.

use app::server::state::AppState;
use app::server::ClientIp;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::auth;
use domain::auth::access;
use model::AppError;
use std::net::SocketAddr;
use tower_sessions::Session;

/// How many proxies in front of us append to `X-Forwarded-For` (`CUMULUS_TRUST_PROXY`: a
/// number, or `true` for one; see `config`); 0 takes the connection's own address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProxyHops(pub usize);

/// What the authentication layer needs: the app, and whom to believe about addresses.
#[derive(Clone)]
pub struct AuthState {
    pub app: AppState,
    pub proxy_hops: ProxyHops,
}

/// The caller's address. Behind `n` trusted proxies, each appends the address it was
/// connected from, so the client is the `n`-th entry from the right: everything left of it
/// was sent by the client and proves nothing.
pub fn client_ip(peer: Option<std::net::IpAddr>, forwarded: &[&str], hops: ProxyHops) -> String {
    let peer = || {
        peer.map(|ip| ip.to_string())
            .unwrap_or_else(|| "unknown".to_owned())
    };
    if hops.0 == 0 {
        return peer();
    }
    let entries: Vec<&str> = forwarded
        .iter()
        .flat_map(|h| h.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    entries
        .len()
        .checked_sub(hops.0)
        .and_then(|i| parse_address(entries[i]))
        .map(|ip| ip.to_string())
        .unwrap_or_else(peer)
}

/// An address as proxies write it: bare, or with a port (`1.2.3.4:80`, `[2001:db8::1]:80`).
fn parse_address(s: &str) -> Option<std::net::IpAddr> {
    s.parse()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| s.trim_start_matches('[').trim_end_matches(']').parse().ok())
}

fn request_ip(req: &Request, hops: ProxyHops) -> String {
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    client_ip(peer, &forwarded, hops)
}

fn api_error(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(&err).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub async fn authenticate(
    State(AuthState {
        app: state,
        proxy_hops,
    }): State<AuthState>,
    mut req: Request,
    next: Next,
) -> Response {
    // Static assets are public and need no session lookup (one query saved per file).
    let path = req.uri().path();
    if path.starts_with("/pkg/") || path == "/favicon.svg" {
        return next.run(req).await;
    }
    let ip = request_ip(&req, proxy_hops);
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
            // Staff without the permission for this page.
            Some(p)
                if p.is_staff()
                    && matches!(access, access::Access::Staff(_))
                    && err == AppError::Forbidden =>
            {
                forbidden_page(app::server::assets::stylesheet_href(&state.leptos_options))
            }
            // Signed in, but this is the other side of the house (or an issued password to
            // replace first): go home.
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

/// A staff page the role does not allow: said plainly, with the way back.
fn forbidden_page(stylesheet: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed · Cumulus</title>\
        <link rel=\"stylesheet\" href=\"{stylesheet}\"></head><body><main class=\"content\">\
        <h1>Not allowed</h1><p>Your role does not include this page.</p>\
        <p><a href=\"/staff/clients\">Back to clients</a></p></main></body></html>"
    );
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn believes_only_the_trusted_hops() {
        let peer = Some("10.0.0.1".parse().unwrap());
        let xff = ["6.6.6.6, 203.0.113.7"];
        assert_eq!(client_ip(peer, &xff, ProxyHops(0)), "10.0.0.1", "no proxy");
        assert_eq!(
            client_ip(peer, &xff, ProxyHops(1)),
            "203.0.113.7",
            "the address our proxy saw, not what the client wrote"
        );
        assert_eq!(client_ip(peer, &xff, ProxyHops(2)), "6.6.6.6");
        assert_eq!(client_ip(peer, &xff, ProxyHops(3)), "10.0.0.1", "too few");
        assert_eq!(
            client_ip(peer, &["1.1.1.1", "198.51.100.2"], ProxyHops(1)),
            "198.51.100.2",
            "several headers read as one list"
        );
        assert_eq!(
            client_ip(peer, &["[2001:db8::5]:443"], ProxyHops(1)),
            "2001:db8::5"
        );
        assert_eq!(client_ip(peer, &["garbage"], ProxyHops(1)), "10.0.0.1");
        assert_eq!(client_ip(None, &[], ProxyHops(1)), "unknown");
    }
}
