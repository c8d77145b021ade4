//! Plain serde types shared by the server and the browser: what a page shows and a form
//! submits, the error contract, and the enums stored in the database (their sea-orm mapping
//! only with the `db` feature, so the browser bundle carries none of it).

pub mod activity;
pub mod auth;
pub mod billing;
pub mod bulk;
pub mod client;
pub mod client_columns;
pub mod client_detail;
pub mod client_export;
pub mod client_form;
pub mod client_query;
pub mod client_search;
pub mod client_users;
pub mod cloud;
pub mod configurations;
pub mod credit;
pub mod domains;
mod enums;
pub mod error;
pub mod format;
pub mod lists;
pub mod notes;
pub mod paging;
pub mod portal;
pub mod roles;
pub mod routes;
pub mod saved_views;
pub mod selection;
pub mod staff;
pub mod status;
pub mod tax;
pub mod tickets;

pub use enums::*;
pub use error::{AppError, FieldError};

/// A stored or submitted value that is not one of an enum's values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind}: {value:?}")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}
