//! One module (or folder) per page.

pub mod clients;
pub mod layout;
pub mod not_found;

// Client detail page and the pages its rows lead to.
pub mod billing;
pub mod client;
pub mod cloud;
pub mod domains;
pub mod support;
