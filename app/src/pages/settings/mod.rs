//! `/staff/settings/...`: staff accounts and one's own password.

pub mod password;
pub mod staff;
