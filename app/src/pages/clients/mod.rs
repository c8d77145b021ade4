//! `/staff/clients`: the clients dashboard (card and list views, filters, sorts, statuses,
//! licence count, hover actions), plus the create and edit forms.

mod actions;
mod cards;
mod filters;
pub mod form;
mod header;
mod matched;
mod pager;
mod pinned;
mod query;
mod table;

use crate::api::clients::{client_filter_options, list_clients};
use crate::components::permission::Can;
use crate::model::client_export::{ExportFormat, ExportRequest};
use crate::model::client_query::{ClientQuery, View};
use crate::model::staff::Permission;
use actions::{ConfirmDialog, LifecycleMenu};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

pub use form::{ClientEditPage, ClientNewPage};

#[component]
pub fn ClientsPage() -> impl IntoView {
    let query = query::use_client_query();
    // The URL decides; without `view` in it, the view chosen on the last visit.
    let remembered = query::remembered_view();
    let view_mode = Memo::new(move |_| query.read().view.or(remembered).unwrap_or_default());
    // Remember an explicit choice (on the server for a cold load, in the browser on toggles).
    Effect::new(move |_| {
        if let Some(v) = query.read().view {
            query::remember_view(v);
        }
    });
    #[cfg(feature = "ssr")]
    if let Some(v) = query.get_untracked().view {
        query::remember_view(v);
    }

    // The view is not part of the data key: toggling it re-renders what is already here.
    let data = Resource::new(move || query.read().data_key(), list_clients);
    let options = Resource::new(|| (), |_| client_filter_options());
    let menu = LifecycleMenu::provide(data);
    // Suspending and Deleting turn into Suspended or gone as jobs finish: keep the page current.
    crate::components::live::refresh_while(
        move || {
            data.get().and_then(Result::ok).is_some_and(|p| {
                p.clients
                    .iter()
                    .any(|c| c.status.awaits_job(c.lifecycle_error.as_deref()))
            })
        },
        move || data.refetch(),
    );

    let toggle = move |mode: View, label: &'static str| {
        view! {
            <A
                href=move || query.read().with_view(mode).href()
                attr:class=move || if view_mode.get() == mode { "toggle active" } else { "toggle" }
                attr:aria-pressed=move || (view_mode.get() == mode).to_string()
            >
                {label}
            </A>
        }
    };

    view! {
        <Title text="Clients" />
        <div class="page-head">
            <h1>"Clients"</h1>
            <div class="page-tools">
                <div class="view-toggle" role="group" aria-label="View">
                    {toggle(View::Cards, "Cards")} {toggle(View::List, "List")}
                </div>
                <Can permission=Permission::ExportClients>
                    <ExportLinks query />
                </Can>
                <Can permission=Permission::ManageClients>
                    <A href="/staff/clients/new" attr:class="button primary">
                        "Create client"
                    </A>
                </Can>
            </div>
        </div>
        <div class="dashboard">
            <Transition fallback=|| view! { <p class="loading">"Loading filters…"</p> }>
                {move || Suspend::new(async move {
                    match options.await {
                        Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                        Ok(opts) => view! { <filters::FilterPanel query options=opts /> }.into_any(),
                    }
                })}
            </Transition>
            <section class="results">
                <Transition fallback=|| view! { <p class="loading">"Loading clients…"</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                            Ok(p) => {
                                let q = query.get();
                                let pages = p.total.div_ceil(q.per_page).max(1);
                                let header = view! { <header::StatusLine page=p.clone() query=q.clone() /> };
                                let list = move || {
                                    if view_mode.get() == View::List {
                                        view! { <table::ClientTable clients=p.clients.clone() query /> }.into_any()
                                    } else {
                                        view! { <cards::ClientCards clients=p.clients.clone() /> }.into_any()
                                    }
                                };
                                view! {
                                    {header}
                                    <p class="count" data-total=p.total>
                                        {format!("{} matching clients", p.total)}
                                    </p>
                                    {list}
                                    <pager::Pager query=q pages />
                                }
                                .into_any()
                            }
                        }
                    })}
                </Transition>
            </section>
        </div>
        <ConfirmDialog menu />
    }
}

/// Downloads of every client the filters match, in the current sort. Plain links: the server
/// streams the file, and the router must not take them for a page.
#[component]
fn ExportLinks(query: Memo<ClientQuery>) -> impl IntoView {
    let link = move |format: ExportFormat, label: &'static str, title: &'static str| {
        view! {
            <a
                class="button"
                rel="external"
                download=""
                data-export=format.key()
                title=title
                href=move || ExportRequest::href(&query.read(), format)
            >
                {label}
            </a>
        }
    };
    view! {
        <div class="export" role="group" aria-label="Export">
            {link(
                ExportFormat::Csv,
                "Export CSV",
                "Every client matching the filters, in this order, as a spreadsheet",
            )}
            {link(ExportFormat::JsonLines, "JSON lines", "The same, one JSON object per line")}
        </div>
    }
}
