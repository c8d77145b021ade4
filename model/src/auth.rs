//! Who is signed in, as the browser sees it.

use super::staff::Permission;
use super::StaffRole;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub full_name: String,
    pub is_staff: bool,
    /// The staff member acting as this user, while impersonating.
    pub impersonator: Option<String>,
    /// Staff only: their role (what the UI offers follows from it).
    pub role: Option<StaffRole>,
    /// Staff only: signed in with an issued password, which must be replaced first.
    pub must_change_password: bool,
}

impl CurrentUser {
    /// Whether the UI should offer what needs `permission` (the server decides anyway).
    pub fn can(&self, permission: Permission) -> bool {
        self.impersonator.is_none() && self.role.is_some_and(|r| r.can(permission))
    }
}
