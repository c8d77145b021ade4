//! Paths that are not in normal form get a bare 404 before any other layer sees them.
//!
//! The router and the access layer each interpret a path; if they disagree, a page can be
//! reached without the check meant for it (`/pkg/../staff/clients` passed as a static asset
//! yet rendered the staff frame). No page of ours has such a path, so they are refused outright.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

pub async fn reject_abnormal_paths(req: Request, next: Next) -> Response {
    if is_normal(req.uri().path()) {
        next.run(req).await
    } else {
        Response::builder()
            .status(StatusCode::NOT_FOUND)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(Body::from("Not found"))
            .unwrap_or_default()
    }
}

/// Whether `path` (as sent, still percent-encoded) is absolute and has no empty, `.` or `..`
/// segment, no backslash or control character, and no percent-encoded `.`, `/`, `\`, `%` or
/// control character that would turn into one of those when decoded.
pub fn is_normal(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    if path
        .bytes()
        .any(|b| b == b'\\' || b.is_ascii_control() || b >= 0x80)
    {
        return false;
    }
    if rest.is_empty() {
        return true; // "/"
    }
    // A single trailing slash is an empty last segment, as harmless as the root itself.
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    rest.split('/').all(|segment| {
        !matches!(segment, "" | "." | "..") && encoded_bytes(segment).all(|b| !forbidden_encoded(b))
    })
}

/// The bytes a segment's `%XX` escapes stand for (a malformed escape counts as `%`).
fn encoded_bytes(segment: &str) -> impl Iterator<Item = u8> + '_ {
    segment.split('%').skip(1).map(|after| {
        after
            .get(..2)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .unwrap_or(b'%')
    })
}

fn forbidden_encoded(b: u8) -> bool {
    matches!(b, b'.' | b'/' | b'\\' | b'%') || b.is_ascii_control()
}

#[cfg(test)]
mod tests {
    use super::is_normal;

    #[test]
    fn accepts_our_paths() {
        for p in [
            "/",
            "/staff/clients",
            "/staff/clients/",
            "/staff/clients/74/invoices",
            "/pkg/cumulus.js",
            "/api/clients/list",
            "/staff/clients/a%20b",
            "/staff/%C3%A9",
        ] {
            assert!(is_normal(p), "{p}");
        }
    }

    #[test]
    fn refuses_abnormal_paths() {
        for p in [
            "",
            "staff",
            "/pkg/../staff/clients",
            "//x/staff/clients",
            "/staff//clients",
            "/./staff/clients",
            "/staff/clients/..",
            "/pkg/%2e%2e/staff/clients",
            "/pkg/%2E./staff",
            "/pkg%2fstaff",
            "/pkg%5cstaff",
            "/pkg\\..\\staff",
            "/staff/%00",
            "/staff/%0d%0a",
            "/staff/%",
            "/staff/%zz",
            "/staff/%252e",
            "/staff/\u{1}",
        ] {
            assert!(!is_normal(p), "{p:?}");
        }
    }
}
