//! The browser entry point: hydrates the server-rendered page with the same `App`.
// The release build computes the layout of the app shell's nested view types here (as `app`
// does for its own), which is deeper than rustc's default limit of 128.
#![recursion_limit = "256"]

use leptos::prelude::{document, Owner};
use std::cell::RefCell;
use std::rc::Rc;

mod recovery;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    recovery::install();
    // Asynchronous hydration: a page behind a lazy route (`app::pages::lazy`) hydrates once its
    // code has arrived.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = document().body() else {
            return;
        };
        // leptos' `hydrate_from_async` looks for the shared context to end hydration with after
        // its owner is gone, so hydration never ends: resources created later would still read
        // the server's serialized values. End it here, with the context the app ran under.
        let context = Rc::new(RefCell::new(None));
        let captured = Rc::clone(&context);
        leptos::mount::hydrate_from_async(body.clone(), move || {
            *captured.borrow_mut() = Owner::current_shared_context();
            app::App()
        })
        .await
        .forget();
        if let Some(shared) = context.borrow_mut().take() {
            shared.hydration_complete();
        }
        // The whole page, lazy parts included, is now the app's: browser tests wait for this
        // mark, and the bundle test times it.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
