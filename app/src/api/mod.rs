//! `#[server]` functions: thin wrappers that call `server::services` (see `server::call`).

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
pub mod tickets;
