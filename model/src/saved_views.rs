//! What a staff member keeps of the dashboard: named views and the list's columns.

use super::client_columns::ClientColumn;
use serde::{Deserialize, Serialize};

/// The longest name a view may have (it is a tab label).
pub const MAX_VIEW_NAME: usize = 40;

/// A named dashboard query, shown as a tab above the results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub id: i32,
    pub name: String,
    /// The dashboard URL it stands for (`/staff/clients?...`).
    pub href: String,
    /// Every staff member sees it.
    pub shared: bool,
    /// The staff member reading this owns it (and may change or delete it).
    pub mine: bool,
    /// Who made it, for a shared view of someone else.
    pub owner: String,
}

/// Everything the dashboard needs of the staff member's choices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardPrefs {
    /// The list view's columns: their own choice, or the default.
    pub columns: Vec<ClientColumn>,
    /// Their own views, then those others share, each by name.
    pub views: Vec<SavedView>,
    /// The view `/staff/clients` opens on, when they chose one.
    pub landing: Option<i32>,
}

/// Why a name cannot be a view's, if it cannot.
pub fn name_problem(name: &str) -> Option<String> {
    let n = name.trim();
    if n.is_empty() {
        Some("Give the view a name.".into())
    } else if n.chars().count() > MAX_VIEW_NAME {
        Some(format!("Use at most {MAX_VIEW_NAME} characters."))
    } else {
        None
    }
}
