use leptos::prelude::*;
use leptos_meta::Title;
use model::routes;

/// Any unknown URL: a real 404 status on the server, a plain page in the browser.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found" />
        <main class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <a href=routes::CLIENTS>"Back to clients"</a>
        </main>
    }
}
