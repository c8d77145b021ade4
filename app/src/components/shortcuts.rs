//! Keyboard shortcuts on every staff page: `j`/`k` move through the clients (cards or rows),
//! `Enter` opens the focused one, `x` selects it, `/` focuses the search, `g` then `c` goes to the clients,
//! `?` lists them all. Nothing fires while one types in a field or holds a modifier.

use crate::components::on_demand::OnDemand;
use leptos::prelude::*;

/// Every shortcut, as the help lists it.
pub const SHORTCUTS: [(&str, &str); 7] = [
    ("j", "Next client"),
    ("k", "Previous client"),
    ("Enter", "Open the focused client"),
    ("x", "Select or unselect the focused client"),
    ("/", "Search"),
    ("g c", "Go to the clients"),
    ("?", "Show or hide this list"),
];

/// The class every client card and list row carries: what `j`/`k` move through.
pub const ITEM: &str = "client-item";

/// How long `g` waits for its second key, in milliseconds.
#[cfg(feature = "hydrate")]
const CHORD_MS: f64 = 1500.0;

#[component]
pub fn KeyboardShortcuts() -> impl IntoView {
    let help = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let navigate = leptos_router::hooks::use_navigate();
        let g_at = StoredValue::new(None::<f64>);
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            on_key(&ev, help, g_at, &navigate);
        });
        on_cleanup(move || handle.remove());
    }
    view! { <OnDemand open=move || help.get().then(|| help_dialog(help)) /> }
}

/// The list of shortcuts, fetched the first time `?` asks for it.
#[lazy]
fn help_dialog(help: RwSignal<bool>) -> AnyView {
    view! {
        <div class="dialog-backdrop" on:click=move |_| help.set(false)>
            <div class="dialog shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
                <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                <dl>
                    {SHORTCUTS
                        .into_iter()
                        .map(|(keys, what)| {
                            view! {
                                <dt>
                                    {keys
                                        .split(' ')
                                        .map(|k| view! { <kbd>{k}</kbd> })
                                        .collect_view()}
                                </dt>
                                <dd>{what}</dd>
                            }
                        })
                        .collect_view()}
                </dl>
                <p class="muted small">"Esc closes this list."</p>
            </div>
        </div>
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
fn on_key(
    ev: &leptos::ev::KeyboardEvent,
    help: RwSignal<bool>,
    g_at: StoredValue<Option<f64>>,
    navigate: &impl Fn(&str, leptos_router::NavigateOptions),
) {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlElement};

    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    let key = ev.key();
    if key == "Escape" {
        help.set(false);
        return;
    }
    let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
    let typing = target.as_ref().is_some_and(|t| {
        matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || t.dyn_ref::<HtmlElement>()
                .is_some_and(|h| h.is_content_editable())
    });
    if typing {
        return;
    }
    let now = js_sys_now();
    let after_g = g_at.get_value().is_some_and(|t| now - t < CHORD_MS);
    g_at.set_value(None);
    let doc = document();
    let items = doc.get_elements_by_class_name(ITEM);
    let current = doc
        .active_element()
        .and_then(|a| a.closest(&format!(".{ITEM}")).ok().flatten());
    let index_of = |el: &Element| (0..items.length()).find(|i| items.item(*i).as_ref() == Some(el));
    let focus = |i: u32| {
        if let Some(el) = items.item(i).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = el.focus();
            el.scroll_into_view_with_bool(false);
        }
    };
    match key.as_str() {
        "?" => help.update(|h| *h = !*h),
        "/" => {
            let search = doc
                .query_selector("aside.filters input[name=q], main input[type=search]")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(search) = search {
                ev.prevent_default();
                let _ = search.focus();
            }
        }
        "j" | "k" if items.length() > 0 => {
            let next = match (current.as_ref().and_then(index_of), key.as_str()) {
                (None, _) => 0,
                (Some(i), "j") => (i + 1).min(items.length() - 1),
                (Some(i), _) => i.saturating_sub(1),
            };
            focus(next);
        }
        "Enter" => {
            // Only the item itself: Enter on a link or button inside does what it does.
            let on_item = doc
                .active_element()
                .is_some_and(|a| a.class_list().contains(ITEM));
            if let (true, Some(id)) = (on_item, current.and_then(|c| c.get_attribute("data-id"))) {
                ev.prevent_default();
                navigate(&model::routes::client(id), Default::default());
            }
        }
        "x" => {
            // The focused client's own checkbox, so the selection's rules apply as to a click.
            let checkbox = current
                .and_then(|c| c.query_selector("input.select").ok().flatten())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(checkbox) = checkbox {
                checkbox.click();
            }
        }
        "g" => g_at.set_value(Some(now)),
        "c" if after_g => navigate(model::routes::CLIENTS, Default::default()),
        _ => {}
    }
}

#[cfg(feature = "hydrate")]
fn js_sys_now() -> f64 {
    leptos::web_sys::js_sys::Date::now()
}
