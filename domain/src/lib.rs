//! Cumulus' business: the database and its entities, the services every page and job calls,
//! the job worker, sign-in and permissions, the audit log, money and tax. Nothing here knows
//! about pages or HTTP; `app` wraps these services in server functions and `server` runs them.

pub mod audit;
pub mod auth;
pub mod counts;
pub mod db;
pub mod entities;
pub mod error;
pub mod jobs;
pub mod money;
pub mod openstack;
pub mod services;
