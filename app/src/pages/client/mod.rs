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
use crate::api::lifecycle::{DeleteClient, ResumeClient, RetryClientJob, SuspendClient};
use crate::components::detail::{error_view, field_error, form_error, id_param};
use crate::components::permission::Can;
use crate::components::status_badge::StatusBadge;
use crate::pages::not_found::NotFound;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_navigate, use_params_map};
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
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    view! { <Redirect path=routes::client(id) /> }
}

#[component]
pub fn ClientDetailPage() -> impl IntoView {
    let id = id_param("id");
    let params = use_params_map();
    let tab = Memo::new(move |_| params.read().get("tab").and_then(|t| Tab::from_slug(&t)));
    let refresh = HeaderRefresh(RwSignal::new(0));
    provide_context(refresh);
    let header = Resource::new(
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

/// Which lifecycle confirmation is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Confirm {
    None,
    Suspend,
    Delete,
}

#[component]
fn Header(header: ClientHeader) -> impl IntoView {
    let refresh = expect_context::<HeaderRefresh>();
    let suspend = ServerAction::<SuspendClient>::new();
    let resume = ServerAction::<ResumeClient>::new();
    let delete = ServerAction::<DeleteClient>::new();
    let retry = ServerAction::<RetryClientJob>::new();
    let confirm = RwSignal::new(Confirm::None);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(suspend.value().get(), Some(Ok(())))
            || matches!(resume.value().get(), Some(Ok(_)))
            || matches!(retry.value().get(), Some(Ok(())))
        {
            confirm.set(Confirm::None);
            refresh.bump();
        }
    });
    Effect::new(move |_| {
        if matches!(delete.value().get(), Some(Ok(()))) {
            navigate(routes::CLIENTS, Default::default());
        }
    });
    let id = header.id;
    let actions: Vec<LifecycleAction> = header.status.actions().collect();
    let lifecycle_button = move |a: LifecycleAction| match a {
        LifecycleAction::Suspend => view! {
            <button type="button" class="btn" on:click=move |_| confirm.set(Confirm::Suspend)>
                "Suspend"
            </button>
        }
        .into_any(),
        LifecycleAction::Resume => view! {
            <ActionForm action=resume attr:class="inline">
                <input type="hidden" name="client_id" value=id />
                <button type="submit" class="btn">"Resume"</button>
            </ActionForm>
        }
        .into_any(),
        LifecycleAction::Delete => view! {
            <button type="button" class="btn danger" on:click=move |_| confirm.set(Confirm::Delete)>
                "Delete"
            </button>
        }
        .into_any(),
    };
    // Each action only for a role that may start it (the server refuses the rest anyway).
    let buttons = actions
        .into_iter()
        .map(|a| view! { <Can permission=a.permission()>{move || lifecycle_button(a)}</Can> })
        .collect_view();
    let confirm_text = StoredValue::new(format!(
        "Delete {}? Every service is terminated and its cloud resources removed; invoices and journal entries are kept.",
        header.name
    ));
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
        {form_error(suspend)}
        {form_error(resume)}
        {form_error(delete)}
        {form_error(retry)}
        <Show when=move || confirm.get() == Confirm::Suspend>
            <ActionForm action=suspend attr:class="confirm">
                <input type="hidden" name="client_id" value=id />
                <label>
                    "Reason (optional)"
                    <input type="text" name="reason" maxlength="500" />
                </label>
                {field_error(suspend, "reason")}
                <button type="submit" class="btn danger">"Confirm suspend"</button>
                <button type="button" class="btn" on:click=move |_| confirm.set(Confirm::None)>"Cancel"</button>
            </ActionForm>
        </Show>
        <Show when=move || confirm.get() == Confirm::Delete>
            <ActionForm action=delete attr:class="confirm">
                <input type="hidden" name="client_id" value=id />
                <p>{confirm_text.get_value()}</p>
                <button type="submit" class="btn danger">"Confirm delete"</button>
                <button type="button" class="btn" on:click=move |_| confirm.set(Confirm::None)>"Cancel"</button>
            </ActionForm>
        </Show>
    }
}
