//! The one loading block: "Loading…" while a resource loads, the 404 page or the message
//! when it fails, the content when it arrives.

use crate::components::detail::error_view;
use leptos::prelude::*;
use model::AppError;
use serde::{de::DeserializeOwned, Serialize};

/// Shows `children(value)` once `data` has loaded. The previous content stays up while a
/// refetch runs (a `Transition`), so paging or acting does not flash "Loading…".
#[component]
pub fn Loaded<T, F, V>(
    data: crate::data::Data<Result<T, AppError>>,
    children: F,
    #[prop(optional)] loading: Option<&'static str>,
) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let loading = loading.unwrap_or("Loading…");
    view! {
        <Transition fallback=move || view! { <p class="loading">{loading}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => error_view(e),
                        Ok(v) => children(v).into_any(),
                    }
                })
            }}
        </Transition>
    }
}
