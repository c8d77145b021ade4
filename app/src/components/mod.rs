//! Small pieces used by several pages.

pub mod badge;
pub mod list;
pub mod live;
pub mod pager;
pub mod permission;
pub mod shortcuts;
pub mod status_badge;

// Client detail page and the pages its rows lead to.
pub mod detail;
