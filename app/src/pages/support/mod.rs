//! Support detail pages.

pub mod open_ticket;
pub mod ticket;
