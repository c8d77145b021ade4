//! "Matched: instance IP 10.0.3.7": which identifier the search found a client by.

use crate::model::client_search::Matched;
use leptos::prelude::*;

#[component]
pub fn MatchedLine(matched: Option<Matched>) -> impl IntoView {
    matched.map(|m| {
        view! {
            <p class="matched">{m.text()}</p>
        }
    })
}
