//! Who is signed in, as the browser sees it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub full_name: String,
    pub is_staff: bool,
    /// The staff member acting as this user, while impersonating.
    pub impersonator: Option<String>,
}
