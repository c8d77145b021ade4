//! Plain async service functions over a database connection: what `#[server]` functions call
//! and what tests exercise directly on SQLite and PostgreSQL.

pub mod activity;
pub mod billing_services;
pub mod bulk;
pub mod client_detail;
pub mod client_export;
pub mod client_form;
pub mod client_groups;
pub mod client_query;
pub mod client_search;
pub mod client_summary;
pub mod client_users;
pub mod clients;
pub mod configurations;
pub mod credit;
pub mod domains;
pub mod invoices;
pub mod journal;
pub mod licence;
pub mod lifecycle;
pub mod lists;
pub mod notes;
pub mod openstack;
pub mod portal;
pub mod resources;
pub mod staff;
pub mod staff_views;
pub mod tax;
pub mod tickets;
