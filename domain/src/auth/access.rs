//! Who may reach which path: decided here for every request (pages and server functions),
//! before any handler runs. Staff paths name the permission they need (see
//! `model::staff::Permission`); the table below is the whole policy for server functions.

use super::Principal;
use model::staff::Permission;
use model::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the sign-in page, static files, unknown pages (404).
    Public,
    /// End users of a client (the client portal), including staff impersonating one.
    Portal,
    /// Staff acting as themselves, holding the permission.
    Staff(Permission),
    /// Any staff member acting as themselves, also one who must change their password first
    /// (the page and the function that change it).
    OwnAccount,
}

/// Server functions anyone may call.
pub const PUBLIC_ENDPOINTS: &[&str] = &["/api/auth/login", "/api/auth/logout", "/api/auth/me"];

/// Where a staff member who must replace an issued password is sent.
pub const CHANGE_PASSWORD_PAGE: &str = model::routes::PASSWORD_SETTINGS;

/// Every staff server function and the permission it needs. A function missing here is for
/// administrators only (and a test fails until it is added).
pub const STAFF_ENDPOINTS: &[(&str, Permission)] = {
    use Permission::*;
    &[
        // Reading: every role.
        ("/api/client-users/candidates", View),
        ("/api/client-users/tab", View),
        ("/api/client/activity", View),
        ("/api/client/header", View),
        ("/api/client/overview", View),
        ("/api/clients/filter_options", View),
        ("/api/clients/form", View),
        ("/api/clients/list", View),
        ("/api/configurations/tab", View),
        ("/api/domains/get", View),
        ("/api/domains/list", View),
        ("/api/domains/tlds", View),
        ("/api/invoices/get", View),
        ("/api/invoices/list", View),
        ("/api/journal/get", View),
        ("/api/journal/list", View),
        ("/api/lists/get", View),
        ("/api/notes/list", View),
        ("/api/openstack/tab", View),
        ("/api/projects/get", View),
        ("/api/resources/get", View),
        ("/api/resources/tab", View),
        ("/api/services/get", View),
        ("/api/services/list", View),
        ("/api/tickets/get", View),
        ("/api/tickets/list", View),
        // A staff member's own views and columns.
        ("/api/views/prefs", View),
        ("/api/views/columns", View),
        ("/api/views/save", View),
        ("/api/views/delete", View),
        ("/api/views/landing", View),
        // Bulk runs: anyone may watch them.
        ("/api/bulk/get", View),
        ("/api/bulk/list", View),
        ("/api/tax/list", View),
        // Changing clients.
        ("/api/clients/save", ManageClients),
        ("/api/clients/suspend", ManageClients),
        ("/api/clients/resume", ManageClients),
        ("/api/clients/retry", ManageClients),
        ("/api/resources/refresh", ManageClients),
        ("/api/configurations/change", ManageClients),
        ("/api/notes/add", ManageClients),
        ("/api/notes/edit", ManageClients),
        ("/api/notes/delete", ManageClients),
        ("/api/notes/pin", ManageClients),
        // Bulk runs also need their action's own permission (deleting: DeleteClients).
        ("/api/bulk/start", ManageClients),
        ("/api/bulk/retry", ManageClients),
        ("/api/clients/delete", DeleteClients),
        // Money and services.
        ("/api/invoices/create", ManageBilling),
        ("/api/tax/save", ManageBilling),
        ("/api/tax/delete", ManageBilling),
        ("/api/openstack/create", ManageBilling),
        ("/api/openstack/change-plan", ManageBilling),
        ("/api/openstack/terminate", ManageBilling),
        ("/api/domains/register", ManageBilling),
        ("/api/credit/preview", ManageBilling),
        ("/api/credit/apply", ManageBilling),
        // A client's users.
        ("/api/client-users/associate", ManageClientUsers),
        ("/api/client-users/roles", ManageClientUsers),
        ("/api/client-users/dissociate", ManageClientUsers),
        ("/api/tickets/open", ManageTickets),
        ("/api/auth/impersonate", Impersonate),
        // Staff accounts.
        ("/api/staff/list", ManageStaff),
        ("/api/staff/create", ManageStaff),
        ("/api/staff/update", ManageStaff),
        ("/api/staff/reset-password", ManageStaff),
    ]
};

/// Staff pages that need more than `View`.
const STAFF_PAGES: &[(&str, Permission)] = &[
    ("/staff/settings/staff", Permission::ManageStaff),
    ("/staff/clients/new", Permission::ManageClients),
    (model::client_export::EXPORT_PATH, Permission::ExportClients),
];

pub fn for_path(path: &str) -> Access {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    if path.starts_with("/api/") {
        if PUBLIC_ENDPOINTS.contains(&path) {
            Access::Public
        } else if under("/api/portal") || path == "/api/auth/stop-impersonating" {
            Access::Portal
        } else if path == "/api/staff/change-password" {
            Access::OwnAccount
        } else {
            let needs = STAFF_ENDPOINTS
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, perm)| *perm);
            Access::Staff(needs.unwrap_or(Permission::ManageStaff))
        }
    } else if under("/staff") {
        if path == CHANGE_PASSWORD_PAGE {
            Access::OwnAccount
        } else if let Some((_, perm)) = STAFF_PAGES.iter().find(|(p, _)| *p == path) {
            Access::Staff(*perm)
        } else if path.starts_with("/staff/clients/") && path.ends_with("/edit") {
            Access::Staff(Permission::ManageClients)
        } else {
            Access::Staff(Permission::View)
        }
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
        (Access::OwnAccount, Some(p)) if p.is_staff() => Ok(()),
        (Access::Staff(_), Some(p)) if p.is_staff() && p.user.must_change_password => {
            Err(AppError::PasswordChangeRequired)
        }
        (Access::Staff(perm), Some(p)) if p.can(perm) => Ok(()),
        (Access::Portal, Some(p)) if !p.user.is_staff => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Where a signed-in principal belongs.
pub fn home(principal: &Principal) -> &'static str {
    if principal.is_staff() && principal.user.must_change_password {
        CHANGE_PASSWORD_PAGE
    } else if principal.is_staff() {
        model::routes::CLIENTS
    } else {
        "/"
    }
}

/// A `next` target after sign-in: only a path on this site. Anything a browser could read as
/// another host is refused: `//host`, `/\host`, and control characters or whitespace (browsers
/// drop tabs and newlines, so `/<TAB>/host` is `//host`; CR/LF would also break the header).
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let n = next?;
    let mut chars = n.chars();
    let ok = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && n.len() < 2000
        && !n
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    ok.then(|| n.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        use Permission::*;
        assert_eq!(for_path("/staff"), Access::Staff(View));
        assert_eq!(for_path("/staff/clients/3/overview"), Access::Staff(View));
        assert_eq!(
            for_path("/staff/clients/3/edit"),
            Access::Staff(ManageClients)
        );
        assert_eq!(for_path("/staff/clients/new"), Access::Staff(ManageClients));
        assert_eq!(
            for_path("/staff/clients/export"),
            Access::Staff(ExportClients)
        );
        assert_eq!(
            for_path("/staff/settings/staff"),
            Access::Staff(ManageStaff)
        );
        assert_eq!(for_path("/staff/settings/password"), Access::OwnAccount);
        assert_eq!(for_path("/staffing"), Access::Public);
        assert_eq!(for_path("/"), Access::Portal);
        assert_eq!(for_path("/portal/invoices"), Access::Portal);
        assert_eq!(for_path("/login"), Access::Public);
        assert_eq!(for_path("/pkg/cumulus.wasm"), Access::Public);
        assert_eq!(for_path("/api/auth/login"), Access::Public);
        assert_eq!(for_path("/api/auth/stop-impersonating"), Access::Portal);
        assert_eq!(
            for_path("/api/auth/impersonate"),
            Access::Staff(Impersonate)
        );
        assert_eq!(for_path("/api/portal/overview"), Access::Portal);
        assert_eq!(for_path("/api/clients/list"), Access::Staff(View));
        assert_eq!(
            for_path("/api/clients/delete"),
            Access::Staff(DeleteClients)
        );
        assert_eq!(for_path("/api/staff/change-password"), Access::OwnAccount);
        assert_eq!(
            for_path("/api/anything-new"),
            Access::Staff(ManageStaff),
            "administrators only until classified"
        );
    }

    #[test]
    fn next_stays_on_site() {
        assert_eq!(
            safe_next(Some("/staff/clients?view=list")).as_deref(),
            Some("/staff/clients?view=list")
        );
        assert_eq!(safe_next(Some("/")).as_deref(), Some("/"));
        for hostile in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/\r\nSet-Cookie: x=1",
            " //evil.example",
            "/ /evil.example",
            "\t//evil.example",
            "/\u{0}/evil.example",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            "/\u{2028}/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(hostile)), None, "{hostile:?}");
        }
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(3000)))), None);
        assert_eq!(safe_next(None), None);
    }
}
