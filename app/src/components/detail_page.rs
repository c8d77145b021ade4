//! The one detail page frame: the record named by the route's `:id`, loaded, or the 404 page.

use crate::components::loaded::Loaded;
use leptos::prelude::*;
use model::AppError;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// Loads `load(id)` for the route's `:id` and shows `children(record)`; an id that is not a
/// number is the 404 page for `what` ("Invoice"), as is one the server does not know.
#[component]
pub fn DetailPage<T, L, Fut, F, V>(what: &'static str, load: L, children: F) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    L: Fn(i32) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let id = crate::params::id();
    let data = crate::data::load(
        move || id.get(),
        move |id| async move {
            match id {
                Some(id) => load(id).await,
                None => Err(AppError::NotFound(what.to_owned())),
            }
        },
    );
    view! { <Loaded data let:record>{children(record)}</Loaded> }
}
