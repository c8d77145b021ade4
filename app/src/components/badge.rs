use leptos::prelude::*;

/// A small coloured label. `tone` is its colour, one of the badge classes in
/// `style/main.css` (`tone-green`, `svc-active`, `dom-expired`, ...); attributes given as
/// `attr:data-field=...` land on the label itself.
#[component]
pub fn Badge(
    #[prop(into)] tone: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] title: Option<String>,
) -> impl IntoView {
    view! { <span class=format!("badge {tone}") title=title>{label}</span> }
}
