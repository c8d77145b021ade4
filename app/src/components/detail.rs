//! Pieces the client detail tabs and the detail pages share: URL numbers and errors.

use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use model::AppError;

/// The `page` query parameter, 1 when absent or nonsense, bounded (see `model::paging`).
pub fn page_param() -> Memo<u64> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get_str("page").map_or(1, model::paging::parse))
}

/// A failed load: the 404 page for something that does not exist, else the message.
pub fn error_view(e: AppError) -> AnyView {
    match e {
        AppError::NotFound(_) => view! { <NotFound /> }.into_any(),
        e => view! { <p class="error">{e.to_string()}</p> }.into_any(),
    }
}

/// The message for `field` from the last result of an action, if it named that field.
pub fn field_error<S>(action: ServerAction<S>, field: &'static str) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    move || {
        action
            .value()
            .with(|v| match v {
                Some(Err(e)) => e.field(field),
                _ => None,
            })
            .map(|m| view! { <span class="field-error" data-field=field>{m}</span> })
    }
}

/// The general message of a failed action (field messages show next to their fields).
pub fn form_error<S>(action: ServerAction<S>) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let message = action_error(action);
    move || {
        message
            .get()
            .map(|m| view! { <p class="error" role="alert">{m}</p> })
    }
}

/// The message of a failed action, while it stands (for a dialog's error line).
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<String>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    Signal::derive(move || {
        action.value().with(|v| match v {
            Some(Err(e)) => Some(e.to_string()),
            _ => None,
        })
    })
}

/// A click anywhere on a table row follows the row's first link (client-side routing), so a
/// row opens its detail page; clicks on the row's own links and controls act as usual.
pub fn open_row(ev: leptos::ev::MouseEvent) {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlElement};
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    if let Ok(Some(_)) = target.closest("a, button, input, select, textarea, label, form") {
        return;
    }
    let link = target
        .closest("tr")
        .ok()
        .flatten()
        .and_then(|tr| tr.query_selector("a").ok().flatten())
        .and_then(|a| a.dyn_into::<HtmlElement>().ok());
    if let Some(a) = link {
        a.click();
    }
}
