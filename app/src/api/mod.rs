//! `#[server]` functions: thin wrappers that call `server::services` (see `server::call`).

pub mod clients;
pub mod lifecycle;
