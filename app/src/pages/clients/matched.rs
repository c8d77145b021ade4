//! "Matched: instance IP 10.0.3.7": which identifier the search found a client by.

use leptos::prelude::*;
use model::client_search::Matched;

#[component]
pub fn MatchedLine(matched: Option<Matched>) -> impl IntoView {
    matched.map(|m| {
        view! {
            <p class="matched">{m.text()}</p>
        }
    })
}
