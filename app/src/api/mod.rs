//! `#[server]` functions: thin wrappers that call `domain::services` (see `crate::server::call`).

pub mod activity;
pub mod auth;
pub mod billing_services;
pub mod bulk;
pub mod client_detail;
pub mod client_users;
pub mod clients;
pub mod configurations;
pub mod credit;
pub mod domains;
pub mod invoices;
pub mod journal;
pub mod lifecycle;
pub mod lists;
pub mod notes;
pub mod openstack;
pub mod portal;
pub mod resources;
pub mod staff;
pub mod tax;
pub mod tickets;
pub mod views;
