//! Small pieces used by several pages.

pub mod format;
pub mod live;
pub mod status_badge;
