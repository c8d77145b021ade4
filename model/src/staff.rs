//! Staff roles and what each may do: the one home of the permission rules. The server's access
//! layer checks them for every page and server function; the browser uses the same rules to
//! hide what a role cannot do.

use super::StaffRole;
use serde::{Deserialize, Serialize};

/// Something a staff member may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Read every client, tab and detail page (every role has it).
    View,
    /// Create and edit clients, change their configuration, suspend and resume them.
    ManageClients,
    /// Delete clients (its own permission: it cannot be undone).
    DeleteClients,
    /// Download the client list as a file (its own permission: every client's personal data
    /// leaves the panel).
    ExportClients,
    /// Invoices, credit, services and their pricing plans, domain registrations.
    ManageBilling,
    /// Associate a client's users, change their roles, dissociate them.
    ManageClientUsers,
    /// Open and answer tickets.
    ManageTickets,
    /// Act as one of a client's users (its own permission: it sees what the client sees).
    Impersonate,
    /// Staff accounts: create, change roles, deactivate, reset passwords.
    ManageStaff,
}

impl Permission {
    pub const ALL: [Permission; 9] = [
        Permission::View,
        Permission::ManageClients,
        Permission::DeleteClients,
        Permission::ExportClients,
        Permission::ManageBilling,
        Permission::ManageClientUsers,
        Permission::ManageTickets,
        Permission::Impersonate,
        Permission::ManageStaff,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Permission::View => "See all clients",
            Permission::ManageClients => "Create, edit, suspend and resume clients",
            Permission::DeleteClients => "Delete clients",
            Permission::ExportClients => "Export the client list",
            Permission::ManageBilling => "Invoices, credit, services and plans",
            Permission::ManageClientUsers => "Manage a client's users",
            Permission::ManageTickets => "Open and answer tickets",
            Permission::Impersonate => "Impersonate a client's users",
            Permission::ManageStaff => "Manage staff accounts",
        }
    }
}

impl crate::status::LifecycleAction {
    /// What starting the action needs: deleting has its own permission.
    pub fn permission(self) -> Permission {
        match self {
            Self::Suspend | Self::Resume => Permission::ManageClients,
            Self::Delete => Permission::DeleteClients,
        }
    }
}

impl StaffRole {
    /// The permissions the role grants.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            StaffRole::Administrator => &Permission::ALL,
            StaffRole::Billing => &[View, ManageBilling, ExportClients],
            StaffRole::Support => &[View, ManageTickets, Impersonate],
            StaffRole::ReadOnly => &[View],
        }
    }

    pub fn can(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// One line for the role picker.
    pub fn description(self) -> &'static str {
        match self {
            StaffRole::Administrator => "Everything, including staff accounts",
            StaffRole::Billing => "Invoices, credit, services and plans",
            StaffRole::Support => "Reads everything; tickets and impersonation",
            StaffRole::ReadOnly => "Reads everything, changes nothing",
        }
    }
}

/// The shortest password a staff member may choose.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest (argon2 hashes anything, but a megabyte password is an attack, not a password).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Why a new password is not acceptable, if it is not.
pub fn password_problem(password: &str, email: &str) -> Option<&'static str> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Some("Use at least 12 characters.")
    } else if chars > MAX_PASSWORD_CHARS {
        Some("Use at most 256 characters.")
    } else if password.trim().is_empty() || password.eq_ignore_ascii_case(email) {
        Some("Choose something other than your email address.")
    } else {
        None
    }
}

/// A staff account, as the staff settings page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i32,
    pub email: String,
    pub full_name: String,
    pub role: StaffRole,
    pub is_active: bool,
    pub must_change_password: bool,
    pub last_login_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A password made by the server (new account or reset), shown once to the administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedPassword {
    pub email: String,
    pub password: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_grant_what_the_back_office_expects() {
        use Permission::*;
        for p in Permission::ALL {
            assert!(StaffRole::Administrator.can(p), "administrator {p:?}");
            assert_eq!(StaffRole::ReadOnly.can(p), p == View, "read-only {p:?}");
        }
        assert!(StaffRole::Billing.can(ManageBilling));
        assert!(!StaffRole::Billing.can(DeleteClients));
        assert!(!StaffRole::Billing.can(Impersonate));
        assert!(StaffRole::Support.can(ManageTickets) && StaffRole::Support.can(Impersonate));
        assert!(!StaffRole::Support.can(ManageBilling));
        // The whole client list leaves the panel: billing needs it, support does not.
        assert!(StaffRole::Billing.can(ExportClients));
        assert!(!StaffRole::Support.can(ExportClients));
        for role in StaffRole::ALL {
            assert!(role.can(View), "every role reads");
            assert_eq!(role.can(ManageStaff), *role == StaffRole::Administrator);
        }
    }

    #[test]
    fn passwords_need_some_length() {
        assert!(password_problem("short", "a@b.c").is_some());
        assert!(password_problem("a@example.com", "a@example.com").is_some());
        assert!(password_problem(&"x".repeat(300), "a@b.c").is_some());
        assert_eq!(password_problem("correct horse battery", "a@b.c"), None);
    }
}
