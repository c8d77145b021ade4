//! What a page shows only when asked (a confirmation dialog, a panel behind a button): its code
//! is a `#[lazy]` function, fetched the first time it opens, so the bundle the page waits for
//! before it is interactive does not carry it. Nothing of it is on the page while closed, so the
//! server never renders it and hydration never needs it.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// The view a `#[lazy]` function builds, once its code has arrived.
type LazyView = Pin<Box<dyn Future<Output = AnyView> + Send>>;

/// Shows the view `open` gives while it gives one: the future of a `#[lazy]` function that
/// builds the view.
#[component]
pub fn OnDemand<F, Fut>(open: F) -> impl IntoView
where
    F: Fn() -> Option<Fut> + Send + Sync + 'static,
    Fut: Future<Output = AnyView> + Send + 'static,
{
    // Boxed here so that every use shares one `Suspense` (each closure type would otherwise
    // get its own copy of its code in the bundle).
    suspended(Box::new(move || open().map(|f| Box::pin(f) as LazyView)))
}

fn suspended(open: Box<dyn Fn() -> Option<LazyView> + Send + Sync>) -> AnyView {
    view! { <Suspense>{move || open().map(Suspend::new)}</Suspense> }.into_any()
}
