//! Small pieces used by several pages.

pub mod badge;
pub mod confirm;
pub mod lifecycle;
pub mod list;
pub mod live;
pub mod loaded;
pub mod on_demand;
pub mod paged_table;
pub mod pager;
pub mod permission;
pub mod shortcuts;
pub mod status_badge;

// Client detail page and the pages its rows lead to.
pub mod detail;
pub mod detail_page;
