//! Plain async service functions over a database connection: what `#[server]` functions call
//! and what tests exercise directly on SQLite and PostgreSQL.

pub mod client_form;
pub mod client_query;
pub mod clients;
pub mod licence;
pub mod lifecycle;
pub mod portal;
