use crate::model::ClientStatus;
use leptos::prelude::*;

/// A client's status: its own colour, and what it means on hover.
#[component]
pub fn StatusBadge(status: ClientStatus) -> impl IntoView {
    view! {
        <span class=format!("badge status-{}", status.as_str()) title=status.description()>
            {status.label()}
        </span>
    }
}
