//! The one confirmation dialog: every action that cannot be taken back (suspend, delete,
//! terminate, dissociate, a bulk run) asks here first.

use leptos::prelude::*;

/// A modal question with "Cancel" and the confirming button. `children` are the fields the
/// action takes (a reason, a typed count); `error` is the last attempt's message, shown until
/// the next one. The dialog stays open while the action runs (`busy`) and closes when the
/// caller clears whatever opened it.
#[component]
pub fn ConfirmDialog(
    /// The heading, e.g. "Suspend client".
    #[prop(into)]
    title: String,
    /// What will happen, in a sentence or two.
    #[prop(into)]
    question: String,
    /// The confirming button, e.g. "Yes, suspend".
    #[prop(into)]
    confirm: String,
    /// A red confirming button, for what removes or stops something.
    #[prop(optional)]
    danger: bool,
    #[prop(into)] busy: Signal<bool>,
    /// Whether the fields allow confirming yet (default: always).
    #[prop(into, optional)]
    ready: Option<Signal<bool>>,
    #[prop(into)] error: Signal<Option<String>>,
    on_cancel: Callback<()>,
    on_confirm: Callback<()>,
    /// Marks the dialog for styling and the browser tests (`data-dialog`).
    #[prop(optional)]
    name: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let ready = ready.unwrap_or_else(|| Signal::derive(|| true));
    let title_id = format!(
        "{}-dialog-title",
        if name.is_empty() { "confirm" } else { name }
    );
    let heading_id = title_id.clone();
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby=title_id.clone() data-dialog=name>
                <h2 id=heading_id>{title}</h2>
                <p>{question}</p>
                {children.map(|c| c())}
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <div class="dialog-buttons">
                    <button type="button" class="btn" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                    <button
                        type="button"
                        class=if danger { "btn danger" } else { "btn primary" }
                        data-confirm=name
                        disabled=move || busy.get() || !ready.get()
                        on:click=move |_| on_confirm.run(())
                    >
                        {confirm}
                    </button>
                </div>
            </div>
        </div>
    }
}
