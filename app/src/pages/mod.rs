//! One module (or folder) per page.

pub mod billing;
pub mod bulk;
pub mod client;
pub mod clients;
pub mod cloud;
pub mod domains;
pub mod layout;
pub mod lazy;
pub mod lists;
pub mod login;
pub mod not_found;
pub mod portal;
pub mod settings;
pub mod support;
