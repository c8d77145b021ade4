//! `/staff/settings/...`: staff accounts, one's own password, tax rates.

pub mod password;
pub mod staff;
pub mod tax;
