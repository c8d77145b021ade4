//! The browser entry point: hydrates the server-rendered page with the same `App`.

use leptos::prelude::document;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Asynchronous hydration: a page behind a lazy route (`app::pages::lazy`) hydrates once its
    // code has arrived.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = document().body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // The whole page, lazy parts included, is now the app's: browser tests wait for this
        // mark, and the bundle test times it.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
