//! Previous/next links and where we are.

use leptos::prelude::*;
use leptos_router::components::A;
use model::client_query::ClientQuery;

#[component]
pub fn Pager(query: ClientQuery, pages: u64) -> impl IntoView {
    let page = query.page;
    let prev = (page > 1).then(|| query.with_page((page - 1).min(pages)).href());
    let next = (page < pages).then(|| query.with_page(page + 1).href());
    view! {
        <nav class="pager" aria-label="Pages">
            {prev.map(|h| view! { <A href=h attr:rel="prev">"← Previous"</A> })}
            <span class="where">{format!("Page {page} of {pages}")}</span>
            {next.map(|h| view! { <A href=h attr:rel="next">"Next →"</A> })}
        </nav>
    }
}
