//! `#[server]` functions: thin wrappers that call `server::services` (see `server::call`).

pub mod auth;
pub mod clients;
pub mod lifecycle;
pub mod portal;
