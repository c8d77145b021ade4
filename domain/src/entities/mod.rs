//! sea-orm entities, one module per table (see the migration crate for the schema).

pub mod audit_entry;
pub mod client;
pub mod client_group;
pub mod client_group_member;
pub mod client_user;
pub mod configuration;
pub mod domain_name;
pub mod flavor;
pub mod hypervisor;
pub mod image;
pub mod instance;
pub mod invoice;
pub mod invoice_item;
pub mod job;
pub mod journal_entry;
pub mod login_failure;
pub mod network;
pub mod port;
pub mod pricing_plan;
pub mod product;
pub mod product_cycle;
pub mod project;
pub mod region;
pub mod router;
pub mod service;
pub mod session;
pub mod setting;
pub mod ssh_key;
pub mod ticket;
pub mod ticket_message;
pub mod user;
pub mod volume;

// Client detail page (migration m20261125_000004_detail).
pub mod plan_change;

// Staff notes (migration m20261125_000009_client_notes).
pub mod client_note;

// What staff keep of the dashboard (migration m20261126_000019_staff_views).
pub mod saved_view;
pub mod staff_preference;

// Bulk work on many clients (migration m20261126_000020_bulk_runs).
pub mod bulk_item;
pub mod bulk_run;

// Standard tax rates (migration m20261126_000021_tax_rates).
pub mod tax_rate;

// The TLDs a product sells (migration m20261126_000022_product_tlds).
pub mod product_tld;
