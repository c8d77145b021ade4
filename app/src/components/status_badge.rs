use crate::model::ClientStatus;
use leptos::prelude::*;

/// A client's status: its own colour, what it means on hover, and the reason when its last
/// suspension or deletion failed.
#[component]
pub fn StatusBadge(
    status: ClientStatus,
    #[prop(optional_no_strip)] error: Option<String>,
) -> impl IntoView {
    view! {
        <span class=format!("badge status-{}", status.as_str()) title=status.description()>
            {status.label()}
        </span>
        {error.map(|e| view! { <span class="badge status-error" role="note" title=e.clone()>"⚠ failed"</span> })}
    }
}
