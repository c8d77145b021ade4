//! Cumulus: the staff back office of a cloud-billing control panel.
//!
//! Shared by the server (feature `ssr`) and the browser (feature `hydrate`): the same `App`
//! renders on the server and hydrates in the browser.

// Deeply nested views exceed rustc's default query depth in release (wasm) builds.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod data;
pub mod pages;
pub mod params;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};
use model::routes;
use pages::lazy::*;

/// The HTML document around the app, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::MetaTags;
    let stylesheet = server::assets::stylesheet_href(&options);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link id="leptos" rel="stylesheet" href=stylesheet />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Data pages render with `SsrMode::Async`: the whole page, data included, arrives as plain
    // HTML, so it is usable before (and without) the wasm bundle. Every page but the dashboard
    // is a lazy route (`pages::lazy`): its code is fetched when first shown.
    view! {
        <Title formatter=|t: String| if t.is_empty() { "Cumulus".to_owned() } else { format!("{t} · Cumulus") } />
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("/") view={Lazy::<PortalRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} />
                <ParentRoute path=path!("/staff") view=pages::layout::StaffLayout>
                    <Route path=path!("") view=|| view! { <Redirect path=routes::CLIENTS /> } />
                    <Route path=path!("clients") view=pages::clients::ClientsPage ssr=SsrMode::Async />
                    // The first matching route wins: `new` and `:id/edit` before `:id/:tab`.
                    <Route path=path!("clients/new") view={Lazy::<ClientNewRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("clients/:id/edit") view={Lazy::<ClientEditRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("clients/:id") view=pages::client::ClientIndex ssr=SsrMode::Async />
                    <Route path=path!("clients/:id/:tab") view={Lazy::<ClientDetailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("billing") view=|| view! { <Redirect path=routes::INVOICES /> } ssr=SsrMode::Async />
                    <Route path=path!("billing/invoices") view={Lazy::<InvoicesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("billing/services") view={Lazy::<ServicesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("billing/journal") view={Lazy::<JournalRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("cloud") view=|| view! { <Redirect path=routes::PROJECTS /> } ssr=SsrMode::Async />
                    <Route path=path!("cloud/projects") view={Lazy::<ProjectsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("cloud/:kind") view={Lazy::<ResourcesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("support") view=|| view! { <Redirect path=routes::TICKETS /> } ssr=SsrMode::Async />
                    <Route path=path!("support/tickets") view={Lazy::<TicketsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("domains") view={Lazy::<DomainsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("billing/invoices/:id") view={Lazy::<InvoiceRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("billing/journal/:id") view={Lazy::<JournalEntryRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("billing/services/:id") view={Lazy::<ServiceRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("cloud/projects/:id") view={Lazy::<ProjectRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("cloud/:kind/:id") view={Lazy::<ResourceRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("domains/:id") view={Lazy::<DomainRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("support/tickets/:id") view={Lazy::<TicketRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("bulk") view={Lazy::<BulkRunsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("bulk/:id") view={Lazy::<BulkRunRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("settings/tax") view={Lazy::<TaxSettingsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("settings/staff") view={Lazy::<StaffSettingsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("settings/password") view={Lazy::<PasswordSettingsRoute>::new()} ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
