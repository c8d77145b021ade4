//! Support detail pages.

pub mod ticket;
