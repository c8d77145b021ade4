//! The pin on a dashboard card or row of a client with pinned notes: their text on hover
//! (`title`) and for screen readers (`aria-label`).

use leptos::prelude::*;
use model::notes::hover_text;

#[component]
pub fn PinnedIcon(notes: Vec<String>) -> impl IntoView {
    (!notes.is_empty()).then(|| {
        let text = hover_text(&notes);
        view! {
            <span
                class="pinned-icon"
                role="img"
                title=text.clone()
                aria-label=format!("Pinned notes: {text}")
            >
                "📌"
            </span>
        }
    })
}
