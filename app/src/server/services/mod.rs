//! Plain async service functions over a database connection: what `#[server]` functions call
//! and what tests exercise directly on SQLite and PostgreSQL.

pub mod clients;
pub mod lifecycle;

// Client detail page and the pages its rows lead to.
pub mod billing_services;
pub mod client_detail;
pub mod client_users;
pub mod configurations;
pub mod domains;
pub mod invoices;
pub mod journal;
pub mod openstack;
pub mod resources;
pub mod tax;
pub mod tickets;
