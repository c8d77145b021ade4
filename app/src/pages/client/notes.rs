//! Staff notes on the overview tab (add, edit, delete with confirmation, pin and unpin), and
//! the pinned notes the header shows on every tab.

use super::HeaderRefresh;
use crate::api::notes::{get_client_notes, AddNote, DeleteNote, EditNote, PinNote};
use crate::components::detail::{field_error, form_error, page_param};
use crate::components::loaded::Loaded;
use crate::components::pager::Pager;
use crate::components::permission::Can;
use leptos::form::ActionForm;
use leptos::prelude::*;
use model::notes::{ClientNote, MAX_NOTE_CHARS};
use model::staff::Permission;

/// The actions every note of the list shares.
#[derive(Clone, Copy)]
struct NoteActions {
    edit: ServerAction<EditNote>,
    delete: ServerAction<DeleteNote>,
    pin: ServerAction<PinNote>,
}

/// A note's text box, bound to `text`.
fn body_field(label: &'static str, text: RwSignal<String>) -> impl IntoView {
    view! {
        <label>
            {label}
            <textarea
                name="body"
                rows="3"
                maxlength=MAX_NOTE_CHARS
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
        </label>
    }
}

#[component]
pub fn NotesSection(client_id: i32) -> impl IntoView {
    let page = page_param();
    let add = ServerAction::<AddNote>::new();
    let actions = NoteActions {
        edit: ServerAction::new(),
        delete: ServerAction::new(),
        pin: ServerAction::new(),
    };
    let data = crate::data::load(
        move || {
            (
                client_id,
                page.get(),
                add.version().get(),
                actions.edit.version().get(),
                actions.delete.version().get(),
                actions.pin.version().get(),
            )
        },
        |(c, p, ..)| get_client_notes(c, p),
    );
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(_))) {
            text.set(String::new());
        }
    });
    // Pinned notes show in the header: it reloads (and the tab with it) after a pin or
    // unpin, and after an edit or deletion, which may touch a pinned note.
    let refresh = expect_context::<HeaderRefresh>();
    Effect::new(move |_| {
        if matches!(actions.pin.value().get(), Some(Ok(())))
            || matches!(actions.edit.value().get(), Some(Ok(())))
            || matches!(actions.delete.value().get(), Some(Ok(())))
        {
            refresh.bump();
        }
    });
    view! {
        <section class="notes" aria-labelledby="notes-heading">
            <h2 id="notes-heading">"Notes"</h2>
            <Can permission=Permission::ManageClients>
                <ActionForm action=add attr:class="note-add">
                    <input type="hidden" name="client_id" value=client_id />
                    {body_field("New note", text)}
                    {field_error(add, "body")}
                    {form_error(add)}
                    <button type="submit" class="btn primary">"Add note"</button>
                </ActionForm>
            </Can>
            {form_error(actions.pin)}
            {form_error(actions.delete)}
            <Loaded data let:p>
                {if p.rows.is_empty() {
                    view! { <p class="empty">"No notes yet."</p> }.into_any()
                } else {
                    let (page_no, pages) = (p.page, p.pages());
                    view! {
                        <ul class="note-list">
                            {p.rows.into_iter().map(|note| view! {
                                <NoteItem client_id note actions />
                            }).collect_view()}
                        </ul>
                        <Pager page=page_no pages=pages />
                    }
                    .into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn NoteItem(client_id: i32, note: ClientNote, actions: NoteActions) -> impl IntoView {
    let NoteActions { edit, delete, pin } = actions;
    let note_id = note.id;
    let pinned = note.pinned;
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let draft = RwSignal::new(note.body.clone());
    let when = format!(
        "{}{}",
        note.created_at.format("%Y-%m-%d %H:%M"),
        if note.edited() { " (edited)" } else { "" }
    );
    view! {
        <li class="note" class:pinned=pinned data-note=note_id>
            <p class="note-meta">
                {pinned.then(|| view! { <span class="pin-mark">"📌 Pinned"</span>" · " })}
                <span class="author">{note.author.clone()}</span>
                " · "
                <time datetime=note.created_at.to_rfc3339()>{when}</time>
            </p>
            <Show
                when=move || editing.get()
                fallback={
                    let body = note.body.clone();
                    move || view! { <p class="note-body">{body.clone()}</p> }
                }
            >
                <form class="note-edit" on:submit=move |ev| {
                    ev.prevent_default();
                    edit.dispatch(EditNote { client_id, note_id, body: draft.get_untracked() });
                }>
                    {body_field("Note", draft)}
                    {field_error(edit, "body")}
                    {form_error(edit)}
                    <button type="submit" class="btn primary">"Save"</button>
                    <button type="button" class="btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                </form>
            </Show>
            <Can permission=Permission::ManageClients>
                <div class="note-actions">
                    <button type="button" class="btn" on:click=move |_| {
                        edit.value().set(None);
                        editing.update(|e| *e = !*e);
                    }>"Edit"</button>
                    <button type="button" class="btn" on:click=move |_| {
                        pin.dispatch(PinNote { client_id, note_id, pinned: !pinned });
                    }>{if pinned { "Unpin" } else { "Pin" }}</button>
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <button type="button" class="btn danger" on:click=move |_| confirming.set(true)>"Delete"</button>
                        }
                    >
                        <span class="confirm-inline">"Delete this note?"</span>
                        <button type="button" class="btn danger" on:click=move |_| {
                            delete.dispatch(DeleteNote { client_id, note_id });
                        }>"Confirm delete"</button>
                        <button type="button" class="btn" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </Show>
                </div>
            </Can>
        </li>
    }
}

/// The pinned notes under the client's name, on every tab.
#[component]
pub fn PinnedNotes(notes: Vec<String>) -> impl IntoView {
    (!notes.is_empty()).then(|| {
        view! {
            <ul class="pinned-notes" aria-label="Pinned notes">
                {notes
                    .into_iter()
                    .map(|n| view! { <li><span aria-hidden="true">"📌 "</span>{n}</li> })
                    .collect_view()}
            </ul>
        }
    })
}
