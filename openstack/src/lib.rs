//! A small OpenStack client for the back office: Keystone v3 password authentication with a
//! cached, refreshed token and the service catalog; projects; Nova servers and keypairs; Cinder
//! volumes; Neutron networks, routers and ports; Glance images.
//!
//! Every call has a timeout; connection errors and 5xx answers are retried with back-off (never
//! 4xx). Deletions are idempotent: a 404 is `Deleted::Already`. Each call is logged with
//! `tracing::debug!` (never the token or password).
//!
//! Identity calls go to `OS_AUTH_URL`; the other services to the public endpoints of the
//! region in the token's catalog (Cinder's `%(project_id)s` is filled by Keystone, or by the
//! client when left in; Neutron's `/v2.0` and Glance's `/v2` are added when missing).
//!
//! Tests: `cargo test -p cumulus-openstack --features fake` with a real Keystone
//! (`source scripts/lib.sh; ensure_keystone` exports `TEST_KEYSTONE_URL` and
//! `TEST_KEYSTONE_PASSWORD`); the integration tests need the `fake` feature.

mod client;
mod config;
mod error;
#[cfg(feature = "fake")]
pub mod fake;
mod http;
mod types;
mod wire;

pub use client::Cloud;
pub use config::{Config, ConfigError};
pub use error::Error;
pub use types::*;
