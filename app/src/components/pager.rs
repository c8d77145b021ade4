//! The one pager: "← Previous", "Page N of M", "Next →".

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_query_map};

/// Previous / next links over `pages` pages. Each page's address is `href(n)`; without
/// `href`, the current address with its `page` query parameter set to `n`.
#[component]
pub fn Pager(
    page: u64,
    pages: u64,
    #[prop(optional, into)] href: Option<Callback<u64, String>>,
) -> impl IntoView {
    let href = href.unwrap_or_else(|| {
        let query = use_query_map();
        let location = use_location();
        Callback::new(move |n: u64| {
            let mut q = query.get_untracked();
            q.replace("page", n.to_string());
            format!(
                "{}{}",
                location.pathname.get_untracked(),
                q.to_query_string()
            )
        })
    });
    // Past the last page (the list shrank), "previous" leads back to the last one.
    let prev = (page > 1).then(|| href.run((page - 1).min(pages).max(1)));
    let next = (page < pages).then(|| href.run(page + 1));
    view! {
        <nav class="pager" aria-label="Pages">
            {prev.map(|h| view! { <A href=h attr:rel="prev">"← Previous"</A> })}
            <span class="where">{format!("Page {page} of {pages}")}</span>
            {next.map(|h| view! { <A href=h attr:rel="next">"Next →"</A> })}
        </nav>
    }
}
