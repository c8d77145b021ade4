//! `/staff/clients/:id/:tab`: a client's header (name, status, lifecycle actions) and its ten
//! tabs, one file each. Each tab loads its own data through its own server function.

mod activity;
mod configuration;
mod credit;
mod domains;
mod invoices;
mod journal;
mod notes;
mod openstack;
mod overview;
mod resources;
mod services;
mod tickets;
mod users;

use crate::api::client_detail::get_client_header;
use crate::api::lifecycle::RetryClientJob;
use crate::components::detail::{error_view, form_error};
use crate::components::lifecycle::{LifecycleDialog, LifecycleMenu, Pending};
use crate::components::permission::Can;
use crate::components::status_badge::StatusBadge;
use crate::pages::not_found::NotFound;
use crate::params::ClientTabParams;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_navigate;
use model::client_detail::{ClientHeader, Tab};
use model::routes;
use model::staff::Permission;
use model::status::LifecycleAction;
use model::ClientStatus;

/// Bumped by a tab action that may change the client's status, so the header reloads.
#[derive(Clone, Copy)]
pub struct HeaderRefresh(pub RwSignal<u32>);

impl HeaderRefresh {
    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }
}

/// `/staff/clients/:id`: the overview tab.
#[component]
pub fn ClientIndex() -> impl IntoView {
    match crate::params::id().get_untracked() {
        Some(id) => view! { <Redirect path=routes::client(id) /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
pub fn ClientDetailPage() -> impl IntoView {
    let params = crate::params::route::<ClientTabParams>();
    let id = Memo::new(move |_| params.read().as_ref().and_then(|p| p.id));
    let tab = Memo::new(move |_| params.read().as_ref().and_then(|p| p.tab));
    let refresh = HeaderRefresh(RwSignal::new(0));
    provide_context(refresh);
    let header = crate::data::load(
        move || (id.get(), refresh.0.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_client_header(id).await,
                None => Err(model::AppError::NotFound("Client".into())),
            }
        },
    );
    // A Suspending or Deleting client changes as its job runs: keep the header current (not
    // once the job has failed for good: then the header offers "Retry" instead).
    crate::components::live::refresh_while(
        move || {
            header
                .get()
                .and_then(Result::ok)
                .is_some_and(|h| h.status.awaits_job(h.lifecycle_error.as_deref()))
        },
        move || refresh.0.update(|n| *n += 1),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading client…"</p> }>
            {move || Suspend::new(async move {
                match (header.await, tab.get()) {
                    (Err(e), _) => error_view(e),
                    (Ok(_), None) => view! { <NotFound /> }.into_any(),
                    (Ok(h), Some(t)) => view! {
                        <Title text=format!("{} · {}", h.name, t.label()) />
                        <Header header=h.clone() />
                        <TabBar client_id=h.id current=t />
                        <section class="tab-panel" data-tab=t.slug()>
                            {tab_view(t, h.id, h.status)}
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// Tabs that start new work get the status, to offer only what `ClientStatus::allows`.
fn tab_view(tab: Tab, client_id: i32, status: ClientStatus) -> AnyView {
    match tab {
        Tab::Overview => view! { <overview::OverviewTab client_id status /> }.into_any(),
        Tab::Invoices => view! { <invoices::InvoicesTab client_id status /> }.into_any(),
        Tab::Journal => view! { <journal::JournalTab client_id /> }.into_any(),
        Tab::Openstack => view! { <openstack::OpenstackTab client_id status /> }.into_any(),
        Tab::Users => view! { <users::UsersTab client_id status /> }.into_any(),
        Tab::Configuration => view! { <configuration::ConfigurationTab client_id /> }.into_any(),
        Tab::Resources => view! { <resources::ResourcesTab client_id /> }.into_any(),
        Tab::Services => view! { <services::ServicesTab client_id /> }.into_any(),
        Tab::Domains => view! { <domains::DomainsTab client_id /> }.into_any(),
        Tab::Tickets => view! { <tickets::TicketsTab client_id /> }.into_any(),
        Tab::Activity => view! { <activity::ActivityTab client_id /> }.into_any(),
    }
}

#[component]
fn TabBar(client_id: i32, current: Tab) -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Client">
            {Tab::ALL
                .into_iter()
                .map(|t| {
                    view! {
                        <A
                            href=routes::client_tab(client_id, t.slug())
                            attr:class=if t == current { "tab active" } else { "tab" }
                            attr:aria-selected=(t == current).to_string()
                        >
                            {t.label()}
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
fn Header(header: ClientHeader) -> impl IntoView {
    let refresh = expect_context::<HeaderRefresh>();
    let retry = ServerAction::<RetryClientJob>::new();
    let navigate = use_navigate();
    let menu = LifecycleMenu::provide(Callback::new(move |action| match action {
        LifecycleAction::Delete => navigate(routes::CLIENTS, Default::default()),
        _ => refresh.bump(),
    }));
    Effect::new(move |_| {
        if matches!(retry.value().get(), Some(Ok(()))) {
            refresh.bump();
        }
    });
    let id = header.id;
    let name = StoredValue::new(header.name.clone());
    let actions: Vec<LifecycleAction> = header.status.actions().collect();
    let lifecycle_button = move |action: LifecycleAction| {
        view! {
            <button
                type="button"
                class=if action == LifecycleAction::Delete { "btn danger" } else { "btn" }
                on:click=move |_| menu.ask(Pending { client_id: id, name: name.get_value(), action })
            >
                {action.label()}
            </button>
        }
    };
    // Each action only for a role that may start it (the server refuses the rest anyway).
    let buttons = actions
        .into_iter()
        .map(|a| view! { <Can permission=a.permission()>{move || lifecycle_button(a)}</Can> })
        .collect_view();
    view! {
        <div class="page-head client-head">
            <div>
                <p class="crumbs"><a href=routes::CLIENTS>"Clients"</a>" / "{format!("#{id}")}</p>
                <h1>{header.name.clone()}" "<StatusBadge status=header.status error=header.lifecycle_error.clone() /></h1>
                {header.lifecycle_error.clone().map(|e| view! {
                    <p class="lifecycle-error">
                        <span class="error">{e}</span>" "
                        <Can permission=Permission::ManageClients>
                            <ActionForm action=retry attr:class="inline">
                                <input type="hidden" name="client_id" value=id />
                                <button type="submit" class="btn">"Retry"</button>
                            </ActionForm>
                        </Can>
                    </p>
                })}
                {header
                    .suspension_reason
                    .clone()
                    .map(|r| view! { <p class="muted">"Suspended: "{r}</p> })}
                <notes::PinnedNotes notes=header.pinned_notes.clone() />
            </div>
            <div class="actions">
                <Can permission=Permission::ManageClients>
                    <a class="btn" href=routes::edit_client(id)>"Edit"</a>
                </Can>
                {buttons}
            </div>
        </div>
        {form_error(retry)}
        <LifecycleDialog menu />
    }
}
