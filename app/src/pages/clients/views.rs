//! What a staff member keeps of the dashboard: saved views as tabs above the results (each a
//! link: the URL carries the state), saving the current one under a name, the list's column
//! chooser, and the export menu with those columns.

use crate::api::views::{delete_view, save_columns, save_view, set_landing_view};
use crate::components::on_demand::OnDemand;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use model::client_columns::{self, ClientColumn};
use model::client_export::{ExportFormat, ExportRequest};
use model::client_query::ClientQuery;
use model::saved_views::{DashboardPrefs, SavedView};
use model::AppError;

/// The dashboard with no filter, past any landing view (see `landing_href`).
pub const ALL_CLIENTS: &str = "/staff/clients?show=all";

/// The dashboard URL of `query` without what a view does not keep (its page).
fn comparable(query: &ClientQuery) -> String {
    query.with_page(1).href()
}

/// Where the bare `/staff/clients` should take the staff member: their landing view.
pub fn landing_href(prefs: &DashboardPrefs) -> Option<String> {
    let id = prefs.landing?;
    prefs
        .views
        .iter()
        .find(|v| v.id == id)
        .map(|v| v.href.clone())
}

/// The tabs: every client, then each saved view; the current one marked.
#[component]
pub fn ViewTabs(
    query: Memo<ClientQuery>,
    prefs: DashboardPrefs,
    changed: Callback<()>,
) -> impl IntoView {
    let landing = prefs.landing;
    let current = move || comparable(&query.read());
    let is_all = move || !query.read().is_filtered();
    let delete = Action::new(|id: &i32| {
        let id = *id;
        async move { delete_view(id).await }
    });
    let landing_set = Action::new(|id: &Option<i32>| {
        let id = *id;
        async move { set_landing_view(id).await }
    });
    Effect::new(move |_| {
        if delete.value().get().is_some_and(|r| r.is_ok())
            || landing_set.value().get().is_some_and(|r| r.is_ok())
        {
            changed.run(());
        }
    });
    let views = prefs.views.clone();
    let active_view = {
        let views = views.clone();
        move || {
            let here = current();
            views.iter().find(|v| v.href == here).cloned()
        }
    };
    let tab = move |v: SavedView| {
        let href = v.href.clone();
        let active = move || current() == href;
        let star = (landing == Some(v.id)).then_some(" ★");
        let title = match (v.mine, v.shared) {
            (true, true) => "Your view, shared with all staff".to_owned(),
            (true, false) => "Your view".to_owned(),
            (false, _) => format!("Shared by {}", v.owner),
        };
        view! {
            <A
                href=v.href.clone()
                attr:class=move || if active() { "tab active" } else { "tab" }
                attr:data-view-id=v.id
                attr:title=title
            >
                {v.name.clone()}
                {v.shared.then_some(" ⇄")}
                {star}
            </A>
        }
    };
    view! {
        <nav class="view-tabs" aria-label="Saved views">
            <A href=ALL_CLIENTS attr:class=move || if is_all() { "tab active" } else { "tab" }>
                "All clients"
            </A>
            {views.into_iter().map(tab).collect_view()}
            {move || {
                active_view()
                    .map(|v| {
                        let id = v.id;
                        let is_landing = landing == Some(id);
                        view! {
                            <span class="view-tools">
                                <button
                                    type="button"
                                    class="btn link"
                                    data-action="landing"
                                    on:click=move |_| {
                                        landing_set.dispatch(if is_landing { None } else { Some(id) });
                                    }
                                >
                                    {if is_landing { "Stop opening on this view" } else { "Open on this view" }}
                                </button>
                                {v.mine
                                    .then(|| {
                                        view! {
                                            <button
                                                type="button"
                                                class="btn link danger"
                                                data-action="delete-view"
                                                on:click=move |_| {
                                                    delete.dispatch(id);
                                                }
                                            >
                                                "Delete view"
                                            </button>
                                        }
                                    })}
                            </span>
                        }
                    })
            }}
            <SaveView query changed />
        </nav>
    }
}

/// "Save view": the current filters, sort, view and columns under a name.
#[component]
fn SaveView(query: Memo<ClientQuery>, changed: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let shared = RwSignal::new(false);
    let open = RwSignal::new(false);
    let save = Action::new(move |(name, shared): &(String, bool)| {
        let (name, shared) = (name.clone(), *shared);
        let q = query.get_untracked();
        async move { save_view(name, q, shared).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            open.set(false);
            name.set(String::new());
            changed.run(());
        }
    });
    view! {
        <span class="save-view">
            <button type="button" class="btn link" on:click=move |_| open.update(|o| *o = !*o)>
                "+ Save view"
            </button>
            <OnDemand open=move || open.get().then(|| save_view_form(name, shared, save)) />
        </span>
    }
}

type SaveViewAction = Action<(String, bool), Result<i32, AppError>>;

#[lazy]
fn save_view_form(name: RwSignal<String>, shared: RwSignal<bool>, save: SaveViewAction) -> AnyView {
    let error = move || {
        save.value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.field("name").unwrap_or_else(|| e.to_string()))
    };
    view! {
        <form
            class="save-view-form"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((name.get_untracked(), shared.get_untracked()));
            }
        >
            <label class="field">
                <span>"Name"</span>
                <input
                    name="view_name"
                    maxlength="40"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    name="shared"
                    prop:checked=move || shared.get()
                    on:change=move |ev| shared.set(event_target_checked(&ev))
                />
                <span>"Share with all staff"</span>
            </label>
            {move || error().map(|m| view! { <p class="field-error">{m}</p> })}
            <button type="submit" class="btn primary" disabled=move || save.pending().get()>
                "Save"
            </button>
        </form>
    }
    .into_any()
}

/// The list view's columns: tick to show, arrows to move. Applying puts them in the URL and
/// keeps them as the staff member's own.
#[component]
pub fn ColumnChooser(query: Memo<ClientQuery>, columns: Vec<ClientColumn>) -> impl IntoView {
    // Chosen columns first, in their order, then the others.
    let mut rows: Vec<(ClientColumn, bool)> = columns.iter().map(|c| (*c, true)).collect();
    rows.extend(
        ClientColumn::ALL
            .into_iter()
            .filter(|c| !columns.contains(c))
            .map(|c| (c, false)),
    );
    let rows = RwSignal::new(rows);
    let open = RwSignal::new(false);
    let navigate = use_navigate();
    let save = Action::new(|cols: &String| {
        let cols = cols.clone();
        async move { save_columns(cols).await }
    });
    let apply = Callback::new(move |()| {
        let chosen: Vec<ClientColumn> = rows
            .get_untracked()
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(c, _)| c)
            .collect();
        if chosen.is_empty() {
            return;
        }
        save.dispatch(client_columns::join(&chosen));
        let href = query.get_untracked().with(|q| q.columns = chosen).href();
        open.set(false);
        navigate(&href, Default::default());
    });
    view! {
        <span class="column-chooser">
            <button type="button" class="btn" on:click=move |_| open.update(|o| *o = !*o)>
                "Columns"
            </button>
            <OnDemand open=move || open.get().then(|| column_panel(rows, apply)) />
        </span>
    }
}

/// The chooser's panel: each column's tick box and arrows, then "Apply".
#[lazy]
fn column_panel(rows: RwSignal<Vec<(ClientColumn, bool)>>, apply: Callback<()>) -> AnyView {
    let move_by = move |i: usize, up: bool| {
        rows.update(|r| {
            let j = if up { i.checked_sub(1) } else { Some(i + 1) };
            if let Some(j) = j.filter(|j| *j < r.len()) {
                r.swap(i, j);
            }
        })
    };
    view! {
        <div class="chooser-panel" role="dialog" aria-label="Choose columns">
            <ol>
                {move || {
                    rows.get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, (c, on))| {
                            view! {
                                <li data-column=c.key()>
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            prop:checked=on
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                rows.update(|r| r[i].1 = on);
                                            }
                                        />
                                        <span>{c.label()}</span>
                                    </label>
                                    <button type="button" class="btn link" title="Move up" aria-label=format!("Move {} up", c.label()) on:click=move |_| move_by(i, true)>"↑"</button>
                                    <button type="button" class="btn link" title="Move down" aria-label=format!("Move {} down", c.label()) on:click=move |_| move_by(i, false)>"↓"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <button type="button" class="btn primary" on:click=move |_| apply.run(())>"Apply"</button>
        </div>
    }
    .into_any()
}

/// Downloads of every client the filters match, in the current sort: with the list's columns
/// or all of them. Plain links: the server streams the file, and the router must not take
/// them for a page.
#[component]
pub fn ExportMenu(query: Memo<ClientQuery>, columns: Vec<ClientColumn>) -> impl IntoView {
    let link = move |format: ExportFormat,
                     cols: Vec<ClientColumn>,
                     label: &'static str,
                     key: &'static str| {
        view! {
            <a
                rel="external"
                download=""
                data-export=key
                href=move || ExportRequest::href(&query.read(), format, &cols)
            >
                {label}
            </a>
        }
    };
    view! {
        <details class="export">
            <summary class="btn">"Export"</summary>
            <div class="menu">
                {link(ExportFormat::Csv, columns.clone(), "CSV, these columns", "csv")}
                {link(ExportFormat::Csv, Vec::new(), "CSV, all columns", "csv-all")}
                {link(ExportFormat::JsonLines, columns.clone(), "JSON lines, these columns", "jsonl")}
                {link(ExportFormat::JsonLines, Vec::new(), "JSON lines, all columns", "jsonl-all")}
            </div>
        </details>
    }
}
