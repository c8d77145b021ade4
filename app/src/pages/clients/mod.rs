//! `/staff/clients`: the clients dashboard (card and list views, filters, sorts, statuses,
//! licence count, hover actions), plus the create and edit forms.

mod actions;
mod bulk;
mod cards;
mod filters;
pub mod form;
mod header;
mod matched;
mod pinned;
mod query;
mod selection;
mod table;
mod views;

use crate::api::clients::{client_filter_options, list_clients};
use crate::api::views::load_dashboard_prefs;
use crate::components::lifecycle::{LifecycleDialog, LifecycleMenu};
use crate::components::pager::Pager;
use crate::components::permission::{Can, Me};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::client_columns::ClientColumn;
use model::client_query::View;
use model::routes;
use model::saved_views::DashboardPrefs;
use model::staff::Permission;

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
    let data = crate::data::load(move || query.read().data_key(), list_clients);
    let options = crate::data::load(|| (), |_| client_filter_options());
    let prefs = crate::data::load(|| (), |_| load_dashboard_prefs());
    let prefs_changed = Callback::new(move |()| prefs.refetch());
    // The list's columns: the URL's, else the staff member's own (the default until chosen).
    let columns = move |p: &DashboardPrefs| -> Vec<ClientColumn> {
        let q = query.read();
        if q.columns.is_empty() {
            p.columns.clone()
        } else {
            q.columns.clone()
        }
    };
    // The bare dashboard URL opens on the staff member's landing view, if they chose one.
    let location = leptos_router::hooks::use_location();
    #[cfg(feature = "ssr")]
    let bare = location.search.get_untracked().is_empty();
    #[cfg(feature = "hydrate")]
    {
        let navigate = leptos_router::hooks::use_navigate();
        Effect::new(move |_| {
            let here = location.search.get();
            if let (true, Some(Ok(p))) = (here.is_empty(), prefs.get()) {
                if let Some(href) = views::landing_href(&p) {
                    navigate(
                        &href,
                        leptos_router::NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
            }
        });
    }
    let me = use_context::<Me>();
    let menu = LifecycleMenu::provide(Callback::new(move |_| data.refetch()));
    selection::Selecting::provide();
    bulk::BulkMenu::provide();
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
                <Transition>
                    {move || Suspend::new(async move {
                        let p = prefs.await.unwrap_or_default();
                        #[cfg(feature = "ssr")]
                        if bare {
                            if let Some(href) = views::landing_href(&p) {
                                leptos_axum::redirect(&href);
                            }
                        }
                        let cols = columns(&p);
                        let chooser = (view_mode.get() == View::List)
                            .then(|| view! { <views::ColumnChooser query columns=cols.clone() /> });
                        view! {
                            {chooser}
                            <Can permission=Permission::ExportClients>
                                <views::ExportMenu query columns=cols.clone() />
                            </Can>
                        }
                    })}
                </Transition>
                <A href=routes::BULK_RUNS attr:class="btn">"Bulk runs"</A>
                <Can permission=Permission::ManageClients>
                    <A href=routes::NEW_CLIENT attr:class="btn primary">
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
                <Transition>
                    {move || Suspend::new(async move {
                        prefs.await.ok().map(|p| view! { <views::ViewTabs query prefs=p changed=prefs_changed /> })
                    })}
                </Transition>
                <Transition fallback=|| view! { <p class="loading">"Loading clients…"</p> }>
                    {move || Suspend::new(async move {
                        let cols = columns(&prefs.await.unwrap_or_default());
                        // Who is looking decides each row's actions: read once for the page.
                        let user = match me {
                            Some(me) => me.0.await.ok().flatten(),
                            None => None,
                        };
                        match data.await {
                            Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                            Ok(p) => {
                                let q = query.get();
                                let pages = p.total.div_ceil(q.per_page).max(1);
                                let header = view! { <header::StatusLine page=p.clone() query=q.clone() /> };
                                let page_ids = std::sync::Arc::new(p.clients.iter().map(|c| c.id).collect::<Vec<_>>());
                                let bar = view! { <selection::SelectionBar query total=p.total columns=cols.clone() /> };
                                let list = move || {
                                    if view_mode.get() == View::List {
                                        view! { <table::ClientTable clients=p.clients.clone() query columns=cols.clone() user=user.clone() /> }.into_any()
                                    } else {
                                        view! { <cards::ClientCards clients=p.clients.clone() query user=user.clone() /> }.into_any()
                                    }
                                };
                                view! {
                                    {header}
                                    <div class="count-line">
                                        <p class="count" data-total=p.total>
                                            {format!("{} matching clients", p.total)}
                                        </p>
                                        <selection::SelectPage page=page_ids query />
                                    </div>
                                    {bar}
                                    {list}
                                    <Pager page=q.page pages href=move |n| q.with_page(n).href() />
                                }
                                .into_any()
                            }
                        }
                    })}
                </Transition>
            </section>
        </div>
        <LifecycleDialog menu />
        <bulk::BulkDialog options />
    }
}
