//! Selecting clients on the dashboard: a checkbox on every card and row (shift-click selects
//! the range from the last one clicked), "all on this page", and "all N matching" (the filter
//! itself). The selection lives in the page, so it survives paging and filtering; the bar
//! above the results says how many are selected and what can be done with them.

use crate::components::on_demand::OnDemand;
use crate::components::permission::Can;
use leptos::prelude::*;
use leptos_router::components::A;
use model::client_columns::ClientColumn;
use model::client_export::{ExportFormat, ExportRequest};
use model::client_query::ClientQuery;
use model::selection::Selection;
use model::staff::Permission;
use std::sync::Arc;

/// The page's selection, shared by every checkbox and the bar.
#[derive(Clone, Copy)]
pub struct Selecting {
    pub selection: RwSignal<Selection>,
    /// The client last ticked or unticked by a click: where a shift-click range starts.
    last: RwSignal<Option<i32>>,
    error: RwSignal<Option<String>>,
}

impl Selecting {
    pub fn provide() -> Selecting {
        let s = Selecting {
            selection: RwSignal::new(Selection::Nothing),
            last: RwSignal::new(None),
            error: RwSignal::new(None),
        };
        provide_context(s);
        s
    }

    fn set(&self, ids: &[i32], on: bool, query: &ClientQuery) {
        let mut result = Ok(());
        self.selection.update(|s| result = s.set(ids, on, query));
        self.error.set(result.err());
    }

    /// A click on `id`'s box, now `on`; with shift, every client between the last one
    /// clicked and this one on the page follows.
    fn click(&self, id: i32, on: bool, shift: bool, page: &[i32], query: &ClientQuery) {
        let from = self
            .last
            .get_untracked()
            .filter(|_| shift)
            .and_then(|l| page.iter().position(|x| *x == l));
        let to = page.iter().position(|x| *x == id);
        match (from, to) {
            (Some(a), Some(b)) => self.set(&page[a.min(b)..=a.max(b)], on, query),
            _ => self.set(&[id], on, query),
        }
        self.last.set(Some(id));
    }
}

/// The checkbox of one client, on its card or row.
#[component]
pub fn SelectBox(
    id: i32,
    name: String,
    page: Arc<Vec<i32>>,
    query: Memo<ClientQuery>,
) -> impl IntoView {
    let s = expect_context::<Selecting>();
    let checked = move || s.selection.with(|sel| sel.contains(id, &query.read()));
    view! {
        <input
            type="checkbox"
            class="select"
            aria-label=format!("Select {name}")
            prop:checked=checked
            on:click=move |ev| {
                let on = event_target_checked(&ev);
                s.click(id, on, ev.shift_key(), &page, &query.get_untracked());
            }
        />
    }
}

/// "Select all on this page", beside the count.
#[component]
pub fn SelectPage(page: Arc<Vec<i32>>, query: Memo<ClientQuery>) -> impl IntoView {
    let s = expect_context::<Selecting>();
    let ids = page.clone();
    let all = move || {
        !ids.is_empty()
            && s.selection
                .with(|sel| ids.iter().all(|id| sel.contains(*id, &query.read())))
    };
    view! {
        <label class="check select-page">
            <input
                type="checkbox"
                prop:checked=all
                on:change=move |ev| {
                    s.set(&page, event_target_checked(&ev), &query.get_untracked());
                }
            />
            <span>"Select all on this page"</span>
        </label>
    }
}

/// "37 selected · Select all 1,204 matching · Export · Clear", while something is selected.
#[component]
pub fn SelectionBar(
    query: Memo<ClientQuery>,
    total: u64,
    columns: Vec<ClientColumn>,
) -> impl IntoView {
    let s = expect_context::<Selecting>();
    // Only while something is selected: the bar's code arrives with the first selection.
    let shown = Memo::new(move |_| !s.selection.read().is_empty());
    view! {
        <OnDemand open=move || shown.get().then(|| selection_bar(s, query, total, columns.clone())) />
    }
}

#[lazy]
fn selection_bar(
    s: Selecting,
    query: Memo<ClientQuery>,
    total: u64,
    columns: Vec<ClientColumn>,
) -> AnyView {
    (move || {
        let sel = s.selection.get();
        if sel.is_empty() {
            return None;
        }
        let q = query.get();
        let here = Selection::filter_of(&q);
        let (of_this_filter, elsewhere) = match &sel {
            Selection::Matching {
                query: selected, ..
            } => (
                **selected == here,
                (**selected != here).then(|| selected.href()),
            ),
            _ => (false, None),
        };
        let offer_all = !of_this_filter && total > 0;
        let export = ExportRequest::href_of(&sel, &q, ExportFormat::Csv, &columns);
        Some(view! {
            <div class="selection-bar" role="region" aria-label="Selection">
                <strong data-selected=sel.count()>{format!("{} selected", sel.count())}</strong>
                {elsewhere.map(|href| view! {
                    <span class="muted">"(all that match "<A href=href>"another filter"</A>")"</span>
                })}
                {offer_all.then(|| view! {
                    <button
                        type="button"
                        class="btn link"
                        data-action="select-all"
                        on:click=move |_| {
                            s.selection.set(Selection::all_matching(&query.get_untracked(), total));
                            s.error.set(None);
                        }
                    >
                        {format!("Select all {total} matching")}
                    </button>
                })}
                <super::bulk::BulkButtons selection=sel.clone() />
                {export.map(|href| view! {
                    <Can permission=Permission::ExportClients>
                        <a class="btn" rel="external" download="" data-export="selection" href=href.clone()>
                            "Export CSV"
                        </a>
                    </Can>
                })}
                <button type="button" class="btn" on:click=move |_| {
                    s.selection.set(Selection::Nothing);
                    s.error.set(None);
                }>
                    "Clear"
                </button>
                {move || s.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </div>
        })
    })
    .into_any()
}
