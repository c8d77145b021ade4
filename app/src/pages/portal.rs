//! `/`: the client portal, where a client's users (or staff impersonating one) see their
//! account: overview, services, invoices, tickets.

use crate::api::auth::StopImpersonating;
use crate::api::portal::portal_overview;
use crate::components::status_badge::StatusBadge;
use crate::pages::layout::SignOut;
use leptos::prelude::*;
use leptos_meta::Title;
use model::format;

#[component]
pub fn PortalPage() -> impl IntoView {
    let me = crate::data::load(|| (), |_| crate::api::auth::whoami());
    let data = crate::data::load(|| (), |_| portal_overview());
    let stop = ServerAction::<StopImpersonating>::new();
    view! {
        <Title text="My account" />
        <Suspense>
            {move || Suspend::new(async move {
                me.await.ok().flatten().and_then(|u| u.impersonator.map(|staff| (staff, u.full_name))).map(|(staff, user)| view! {
                    <div class="impersonation-banner" role="status">
                        <span>{format!("You are impersonating {user} (signed in as {staff}).")}</span>
                        <ActionForm action=stop>
                            <button type="submit" class="btn">"Stop impersonating"</button>
                        </ActionForm>
                    </div>
                })
            })}
        </Suspense>
        <header class="topbar">
            <span class="brand"><span class="brand-mark">"☁"</span>"Cumulus"<span class="brand-sub">"my account"</span></span>
            <SignOut />
        </header>
        <main class="content portal">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                        Ok(v) => view! {
                            <div class="page-head">
                                <h1>{v.client_name.clone()}</h1>
                                <StatusBadge status=v.status />
                            </div>
                            <p class="muted">{v.email.clone()}</p>
                            <p>"Credit: " <strong>{format::money(v.credit, &v.currency)}</strong></p>
                            <h2>"Services"</h2>
                            <table class="table">
                                <thead><tr><th>"Service"</th><th>"Status"</th><th>"Next due"</th></tr></thead>
                                <tbody>
                                    {v.services.into_iter().map(|s| view! {
                                        <tr><td>{s.name}</td><td>{s.status.label()}</td>
                                        <td>{s.next_due_date.map(|d| d.to_string()).unwrap_or_default()}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>"Invoices"</h2>
                            <table class="table">
                                <thead><tr><th>"Number"</th><th>"Status"</th><th>"Due"</th><th class="num">"Total"</th></tr></thead>
                                <tbody>
                                    {let currency = v.currency.clone();
                                    v.invoices.into_iter().map(|i| view! {
                                        <tr><td>{i.number}</td><td>{i.status.label()}</td><td>{i.due_date.to_string()}</td>
                                        <td class="num">{format::money(i.total, &currency)}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>"Tickets"</h2>
                            <table class="table">
                                <thead><tr><th>"#"</th><th>"Title"</th><th>"Status"</th><th>"Opened"</th></tr></thead>
                                <tbody>
                                    {v.tickets.into_iter().map(|t| view! {
                                        <tr><td>{t.id}</td><td>{t.title}</td><td>{t.status.label()}</td><td>{format::date(&t.created_at)}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
