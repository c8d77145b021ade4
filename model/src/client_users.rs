//! The users tab: who can act for a client, and with which roles.

use super::roles::Roles;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientUserRow {
    pub user_id: i32,
    pub full_name: String,
    pub email: String,
    pub roles: Roles,
    pub is_active: bool,
    pub associated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserOption {
    pub id: i32,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsersTab {
    pub users: Vec<ClientUserRow>,
    /// The first non-staff users not yet associated with this client ("Associate user"
    /// choices before anything is typed).
    pub candidates: Vec<UserOption>,
}
