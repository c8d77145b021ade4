//! The list pages behind the top bar: `/staff/billing/{invoices,services,journal}`,
//! `/staff/cloud/projects`, `/staff/cloud/:kind` (each resource kind), `/staff/support/tickets`
//! and `/staff/domains`. Each is the shared `ListView` over its `ListKind`.

use crate::components::list::ListView;
use crate::pages::not_found::NotFound;
use crate::pages::support::open_ticket::OpenTicketForm;
use crate::params::ResourceParams;
use leptos::prelude::*;
use model::lists::ListKind;

#[component]
pub fn InvoicesList() -> impl IntoView {
    view! { <ListView kind=ListKind::Invoices /> }
}

#[component]
pub fn ServicesList() -> impl IntoView {
    view! { <ListView kind=ListKind::Services /> }
}

#[component]
pub fn JournalList() -> impl IntoView {
    view! { <ListView kind=ListKind::Journal /> }
}

#[component]
pub fn ProjectsList() -> impl IntoView {
    view! { <ListView kind=ListKind::Projects /> }
}

/// `/staff/cloud/:kind`: instances, volumes, networks, routers, ssh-keys, images or ports.
#[component]
pub fn ResourcesList() -> impl IntoView {
    let params = crate::params::route::<ResourceParams>();
    move || match params.get().and_then(|p| p.kind) {
        Some(k) => view! { <ListView kind=ListKind::Resources(k) /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
pub fn TicketsList() -> impl IntoView {
    view! {
        <ListView kind=ListKind::Tickets>
            <OpenTicketForm />
        </ListView>
    }
}

#[component]
pub fn DomainsList() -> impl IntoView {
    view! { <ListView kind=ListKind::Domains /> }
}
