//! Small pieces used by several pages.

pub mod format;
pub mod status_badge;
