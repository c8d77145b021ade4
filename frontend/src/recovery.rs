//! What the page does when its wasm stops: a panic aborts the whole module, so nothing the
//! app renders reacts any more.
//!
//! The one failure a user meets in practice is a split-off chunk that cannot be fetched: the
//! connection dropped, or a deploy replaced the hashed files the open page names. The server
//! renders every page itself, so the page the user asked for is then loaded in full: the link
//! they followed, else the address shown (after a back/forward, or for a dialog's code).
//! If that very page failed the same way moments ago, or the panic is anything else, a banner
//! says that the page stopped working and offers a reload, rather than a page that silently
//! ignores every click.

use std::cell::RefCell;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{window, Element, Event, HtmlAnchorElement};

/// The message of `wasm_split`'s infallible loader (what `#[lazy]` and `#[lazy_route]`
/// expand to) when a chunk could not be fetched.
const CHUNK_FAILED: &str = "load callback should succeed";
/// Where the last automatic load went and when, so that a page failing again at once shows
/// the banner instead of loading itself over and over.
const LAST_RECOVERY: &str = "cumulus-recovered";
const RETRY_AFTER_MS: f64 = 30_000.0;

thread_local! {
    /// The same-origin link (absolute) of the last click, if the click was on one.
    static FOLLOWED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remembers followed links and installs the panic hook (it logs to the console first).
pub fn install() {
    let Some(w) = window() else {
        return;
    };
    let on_click = Closure::<dyn Fn(Event)>::new(|e: Event| {
        let here = window().and_then(|w| w.location().origin().ok());
        let href = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok())
            .filter(|a| here.as_deref() == Some(a.origin().as_str()))
            .map(|a| a.href());
        FOLLOWED.with(|f| *f.borrow_mut() = href);
    });
    // A key press or a back/forward is not a followed link: what fails after it reloads the
    // address shown, not an older link.
    let forget = Closure::<dyn Fn(Event)>::new(|_: Event| {
        FOLLOWED.with(|f| *f.borrow_mut() = None);
    });
    // Capture: seen before the router handles (and may stop) the click.
    let _ = w.add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    let _ = w.add_event_listener_with_callback_and_bool(
        "keydown",
        forget.as_ref().unchecked_ref(),
        true,
    );
    let _ = w.add_event_listener_with_callback("popstate", forget.as_ref().unchecked_ref());
    on_click.forget();
    forget.forget();

    // Not `take_hook` to chain the console's hook: it can return std's default hook, which
    // would link its printing and backtrace code into the main module (106 KB after wasm-opt).
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if !(info.to_string().contains(CHUNK_FAILED) && load_in_full()) {
            show_banner();
        }
    }));
}

/// Loads the page the user asked for from the server; false if it already failed just now.
fn load_in_full() -> bool {
    let Some(w) = window() else {
        return false;
    };
    let location = w.location();
    let Some(target) = FOLLOWED
        .with(|f| f.borrow().clone())
        .or_else(|| location.href().ok())
    else {
        return false;
    };
    let now = web_sys::js_sys::Date::now();
    let storage = w.session_storage().ok().flatten();
    let again = storage
        .as_ref()
        .and_then(|s| s.get_item(LAST_RECOVERY).ok().flatten())
        .and_then(|last| {
            let (at, page) = last.split_once(' ')?;
            Some(page == target && now - at.parse::<f64>().ok()? < RETRY_AFTER_MS)
        })
        .unwrap_or(false);
    if again {
        return false;
    }
    if let Some(s) = storage {
        let _ = s.set_item(LAST_RECOVERY, &format!("{now} {target}"));
    }
    location.assign(&target).is_ok()
}

/// A bar on top of the page: the page no longer reacts, and a reload brings it back.
fn show_banner() {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Ok(bar)) = (doc.body(), doc.create_element("div")) else {
        return;
    };
    if doc.query_selector(".app-stopped").ok().flatten().is_some() {
        return;
    }
    bar.set_class_name("app-stopped");
    let _ = bar.set_attribute("role", "alert");
    bar.set_inner_html(
        "This page stopped working: part of it could not be loaded or failed. \
         <a href=\"\" rel=\"external\">Reload the page</a> to go on; nothing you saved is lost.",
    );
    let _ = body.prepend_with_node_1(&bar);
}
