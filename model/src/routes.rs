//! Every staff page's address, in one place: pages link and redirect with these, and the
//! lists' links are built with them on the server. (`app::App` declares the router's paths,
//! and `domain::auth::access` the permission of each.)

use std::fmt::Display;

pub const CLIENTS: &str = "/staff/clients";
pub const NEW_CLIENT: &str = "/staff/clients/new";
pub const INVOICES: &str = "/staff/billing/invoices";
pub const SERVICES: &str = "/staff/billing/services";
pub const JOURNAL: &str = "/staff/billing/journal";
pub const PROJECTS: &str = "/staff/cloud/projects";
pub const TICKETS: &str = "/staff/support/tickets";
pub const DOMAINS: &str = "/staff/domains";
pub const BULK_RUNS: &str = "/staff/bulk";
pub const TAX_SETTINGS: &str = "/staff/settings/tax";
pub const STAFF_SETTINGS: &str = "/staff/settings/staff";
pub const PASSWORD_SETTINGS: &str = "/staff/settings/password";

/// A client's detail page (its overview tab).
pub fn client(id: impl Display) -> String {
    client_tab(id, "overview")
}

/// One tab of a client's detail page (`overview`, `invoices`, `journal`, ...).
pub fn client_tab(id: impl Display, tab: &str) -> String {
    format!("{CLIENTS}/{id}/{tab}")
}

/// A client's cloud resources of one kind (its Resources tab).
pub fn client_resources(id: impl Display, kind: &str) -> String {
    format!("{CLIENTS}/{id}/resources?kind={kind}")
}

pub fn edit_client(id: impl Display) -> String {
    format!("{CLIENTS}/{id}/edit")
}

pub fn invoice(id: impl Display) -> String {
    format!("{INVOICES}/{id}")
}

pub fn service(id: impl Display) -> String {
    format!("{SERVICES}/{id}")
}

pub fn journal_entry(id: impl Display) -> String {
    format!("{JOURNAL}/{id}")
}

pub fn project(id: impl Display) -> String {
    format!("{PROJECTS}/{id}")
}

/// The staff list of one kind of cloud resource (`instances`, `volumes`, ...).
pub fn resources(kind: &str) -> String {
    format!("/staff/cloud/{kind}")
}

pub fn resource(kind: &str, id: impl Display) -> String {
    format!("/staff/cloud/{kind}/{id}")
}

pub fn domain(id: impl Display) -> String {
    format!("{DOMAINS}/{id}")
}

pub fn ticket(id: impl Display) -> String {
    format!("{TICKETS}/{id}")
}

pub fn bulk_run(id: impl Display) -> String {
    format!("{BULK_RUNS}/{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(client(3), "/staff/clients/3/overview");
        assert_eq!(client_tab(3, "journal"), "/staff/clients/3/journal");
        assert_eq!(
            client_resources(3, "volumes"),
            "/staff/clients/3/resources?kind=volumes"
        );
        assert_eq!(edit_client(3), "/staff/clients/3/edit");
        assert_eq!(invoice(9), "/staff/billing/invoices/9");
        assert_eq!(resource("instances", 4), "/staff/cloud/instances/4");
        assert_eq!(bulk_run(2), "/staff/bulk/2");
    }
}

/// A path segment that names no tab, kind or list (the page answers 404).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSlug(pub String);

impl std::fmt::Display for UnknownSlug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown path segment {:?}", self.0)
    }
}

impl std::error::Error for UnknownSlug {}
