//! A small OpenStack client for the back office: Keystone v3 password authentication with a
//! cached, refreshed token and the service catalog; projects; Nova servers and keypairs; Cinder
//! volumes; Neutron networks, routers and ports; Glance images.
//!
//! Every call has a timeout; connection errors and 5xx answers are retried with back-off (never
//! 4xx). Deletions are idempotent: a 404 is `Deleted::Already`.

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
