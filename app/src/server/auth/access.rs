//! Who may reach which path: decided here for every request (pages and server functions),
//! before any handler runs.

use super::Principal;
use crate::model::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the sign-in page, static files, unknown pages (404).
    Public,
    /// End users of a client (the client portal), including staff impersonating one.
    Portal,
    /// Staff acting as themselves.
    Staff,
}

/// Server functions anyone may call.
pub const PUBLIC_ENDPOINTS: &[&str] = &["/api/auth/login", "/api/auth/logout", "/api/auth/me"];

pub fn for_path(path: &str) -> Access {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    if path.starts_with("/api/") {
        if PUBLIC_ENDPOINTS.contains(&path) {
            Access::Public
        } else if under("/api/portal") || path == "/api/auth/stop-impersonating" {
            Access::Portal
        } else {
            Access::Staff
        }
    } else if under("/staff") {
        Access::Staff
    } else if path == "/" || under("/portal") {
        Access::Portal
    } else {
        Access::Public
    }
}

/// Whether `principal` may use something that needs `access`.
pub fn check(access: Access, principal: Option<&Principal>) -> Result<(), AppError> {
    match (access, principal) {
        (Access::Public, _) => Ok(()),
        (_, None) => Err(AppError::Unauthorized),
        (Access::Staff, Some(p)) if p.is_staff() => Ok(()),
        (Access::Portal, Some(p)) if !p.user.is_staff => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Where a signed-in principal belongs.
pub fn home(principal: &Principal) -> &'static str {
    if principal.is_staff() {
        "/staff/clients"
    } else {
        "/"
    }
}

/// A `next` target after sign-in: only paths on this site.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let n = next?.trim();
    (n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && n.len() < 2000)
        .then(|| n.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        assert_eq!(for_path("/staff"), Access::Staff);
        assert_eq!(for_path("/staff/clients/3/overview"), Access::Staff);
        assert_eq!(for_path("/staffing"), Access::Public);
        assert_eq!(for_path("/"), Access::Portal);
        assert_eq!(for_path("/portal/invoices"), Access::Portal);
        assert_eq!(for_path("/login"), Access::Public);
        assert_eq!(for_path("/pkg/cumulus.wasm"), Access::Public);
        assert_eq!(for_path("/api/auth/login"), Access::Public);
        assert_eq!(for_path("/api/auth/stop-impersonating"), Access::Portal);
        assert_eq!(for_path("/api/portal/overview"), Access::Portal);
        assert_eq!(for_path("/api/clients/list"), Access::Staff);
        assert_eq!(
            for_path("/api/anything-new"),
            Access::Staff,
            "staff by default"
        );
    }

    #[test]
    fn next_stays_on_site() {
        assert_eq!(
            safe_next(Some("/staff/clients?view=list")).as_deref(),
            Some("/staff/clients?view=list")
        );
        assert_eq!(safe_next(Some("//evil.example/")), None);
        assert_eq!(safe_next(Some("https://evil.example/")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(None), None);
    }
}
