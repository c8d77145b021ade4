//! Cumulus: the staff back office of a cloud-billing control panel.
//!
//! Shared by the server (feature `ssr`) and the browser (feature `hydrate`): the same `App`
//! renders on the server and hydrates in the browser.

// Deeply nested views exceed rustc's default query depth in release (wasm) builds.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
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
    // Effects run only in the browser: the mark says the wasm bundle has taken over the page
    // (browser tests wait for it).
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    // Data pages render with `SsrMode::Async`: the whole page, data included, arrives as plain
    // HTML, so it is usable before (and without) the wasm bundle.
    view! {
        <Stylesheet id="leptos" href="/pkg/cumulus.css" />
        <Title formatter=|t: String| if t.is_empty() { "Cumulus".to_owned() } else { format!("{t} · Cumulus") } />
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("/") view=pages::portal::PortalPage ssr=SsrMode::Async />
                <Route path=path!("/login") view=pages::login::LoginPage />
                <ParentRoute path=path!("/staff") view=pages::layout::StaffLayout>
                    <Route path=path!("") view=|| view! { <Redirect path="/staff/clients" /> } />
                    <Route path=path!("clients") view=pages::clients::ClientsPage ssr=SsrMode::Async />
                    // The first matching route wins: `new` and `:id/edit` before `:id/:tab`.
                    <Route path=path!("clients/new") view=pages::clients::ClientNewPage ssr=SsrMode::Async />
                    <Route path=path!("clients/:id/edit") view=pages::clients::ClientEditPage ssr=SsrMode::Async />
                    <Route path=path!("clients/:id") view=pages::client::ClientIndex ssr=SsrMode::Async />
                    <Route path=path!("clients/:id/:tab") view=pages::client::ClientDetailPage ssr=SsrMode::Async />
                    <Route path=path!("billing") view=|| view! { <Redirect path="/staff/billing/invoices" /> } ssr=SsrMode::Async />
                    <Route path=path!("billing/invoices") view=pages::lists::InvoicesList ssr=SsrMode::Async />
                    <Route path=path!("billing/services") view=pages::lists::ServicesList ssr=SsrMode::Async />
                    <Route path=path!("billing/journal") view=pages::lists::JournalList ssr=SsrMode::Async />
                    <Route path=path!("cloud") view=|| view! { <Redirect path="/staff/cloud/projects" /> } ssr=SsrMode::Async />
                    <Route path=path!("cloud/projects") view=pages::lists::ProjectsList ssr=SsrMode::Async />
                    <Route path=path!("cloud/:kind") view=pages::lists::ResourcesList ssr=SsrMode::Async />
                    <Route path=path!("support") view=|| view! { <Redirect path="/staff/support/tickets" /> } ssr=SsrMode::Async />
                    <Route path=path!("support/tickets") view=pages::lists::TicketsList ssr=SsrMode::Async />
                    <Route path=path!("domains") view=pages::lists::DomainsList ssr=SsrMode::Async />
                    <Route path=path!("billing/invoices/:id") view=pages::billing::invoice::InvoicePage ssr=SsrMode::Async />
                    <Route path=path!("billing/journal/:id") view=pages::billing::journal::JournalEntryPage ssr=SsrMode::Async />
                    <Route path=path!("billing/services/:id") view=pages::billing::service::ServicePage ssr=SsrMode::Async />
                    <Route path=path!("cloud/projects/:id") view=pages::cloud::project::ProjectPage ssr=SsrMode::Async />
                    <Route path=path!("cloud/:kind/:id") view=pages::cloud::resource::ResourcePage ssr=SsrMode::Async />
                    <Route path=path!("domains/:id") view=pages::domains::DomainPage ssr=SsrMode::Async />
                    <Route path=path!("support/tickets/:id") view=pages::support::ticket::TicketPage ssr=SsrMode::Async />
                    <Route path=path!("settings/staff") view=pages::settings::staff::StaffPage ssr=SsrMode::Async />
                    <Route path=path!("settings/password") view=pages::settings::password::PasswordPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
