//! Keeping a page current while background work changes what it shows.
//!
//! Polling, not server-sent events: the browser asks again every two seconds, and only while
//! something on screen is in progress. Every server process reads the same database, so an
//! update made by any process (or its job worker) reaches browsers connected to any other,
//! with nothing to keep in sync between processes.

use std::time::Duration;

pub const INTERVAL: Duration = Duration::from_secs(2);

/// Calls `refetch` every `INTERVAL` while `busy()` says so (in the browser; the server renders
/// once). `busy` reads what it needs tracked (`resource.get()`): an effect follows it, so the
/// timer reads a plain flag and never a resource outside a reactive scope. Stops with the
/// component.
pub fn refresh_while(
    busy: impl Fn() -> bool + Send + Sync + 'static,
    refetch: impl Fn() + Send + Sync + 'static,
) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::*;
        let now = RwSignal::new(false);
        Effect::new(move |_| now.set(busy()));
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if now.get_untracked() {
                    refetch();
                }
            },
            INTERVAL,
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (busy, refetch);
}
