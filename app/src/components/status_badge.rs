use super::badge::Badge;
use leptos::prelude::*;
use model::ClientStatus;

/// A client's status: its own colour, what it means on hover, and the reason when its last
/// suspension or deletion failed.
#[component]
pub fn StatusBadge(
    status: ClientStatus,
    #[prop(optional_no_strip)] error: Option<String>,
) -> impl IntoView {
    view! {
        <Badge tone=format!("status-{}", status.as_str()) label=status.label() title=status.description() />
        {error.map(|e| view! { <Badge tone="status-error" label="⚠ failed" title=e attr:role="note" /> })}
    }
}
