//! Cloud detail pages: OpenStack project and each resource kind.

pub mod project;
pub mod resource;
