//! Billing detail pages: invoice, journal entry, service.

pub mod invoice;
pub mod journal;
pub mod service;
