//! One module (or folder) per page.

pub mod clients;
pub mod layout;
pub mod login;
pub mod not_found;
pub mod portal;
