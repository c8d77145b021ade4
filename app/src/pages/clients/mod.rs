//! `/staff/clients`: the clients dashboard.

use crate::api::clients::list_clients;
use crate::components::format;
use crate::components::status_badge::StatusBadge;
use crate::model::client::ClientSummary;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

const PER_PAGE: u64 = 24;

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Cards,
    List,
}

/// The current query with `key` set to `value` (or removed when `None`), as an href.
fn href_with(query: &ParamsMap, key: &'static str, value: Option<String>) -> String {
    let mut q = query.clone();
    q.remove(key);
    if let Some(v) = value {
        q.replace(key, v);
    }
    format!("/staff/clients{}", q.to_query_string())
}

#[component]
pub fn ClientsPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query
            .read()
            .get_str("page")
            .and_then(|p| p.parse::<u64>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    });
    let view_mode = Memo::new(move |_| match query.read().get_str("view") {
        Some("list") => View::List,
        _ => View::Cards,
    });
    let data = Resource::new(move || page.get(), |p| list_clients(p, PER_PAGE));

    let toggle = move |mode: View, label: &'static str, value: &'static str| {
        view! {
            <A
                href=move || href_with(&query.read(), "view", Some(value.to_owned()))
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
            <div class="view-toggle" role="group" aria-label="View">
                {toggle(View::Cards, "Cards", "cards")}
                {toggle(View::List, "List", "list")}
            </div>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading clients…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                    Ok(p) => {
                        let pages = p.total.div_ceil(PER_PAGE).max(1);
                        let list = if view_mode.get() == View::List {
                            view! { <ClientTable clients=p.clients /> }.into_any()
                        } else {
                            view! { <ClientCards clients=p.clients /> }.into_any()
                        };
                        view! {
                            <p class="count">{format!("{} clients", p.total)}</p>
                            {list}
                            <Pager page=page.get() pages=pages href=move |n| href_with(&query.read(), "page", Some(n.to_string())) />
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn ClientCards(clients: Vec<ClientSummary>) -> impl IntoView {
    view! {
        <div class="cards" data-view="cards">
            {clients
                .into_iter()
                .map(|c| {
                    view! {
                        <article class="card client-card">
                            <header>
                                <h2>{c.display_name()}</h2>
                                <StatusBadge status=c.status />
                            </header>
                            <p class="muted">{c.email.clone()}</p>
                            <dl>
                                <dt>"Country"</dt>
                                <dd>{c.country.clone()}</dd>
                                <dt>"Credit"</dt>
                                <dd class="num">{format::money(c.uptodate_credit, &c.currency)}</dd>
                                <dt>"Configuration"</dt>
                                <dd>{c.configuration.clone()}</dd>
                                <dt>"Groups"</dt>
                                <dd>{c.groups.join(", ")}</dd>
                                <dt>"Services / instances"</dt>
                                <dd>{format!("{} / {}", c.services, c.instances)}</dd>
                            </dl>
                        </article>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn ClientTable(clients: Vec<ClientSummary>) -> impl IntoView {
    view! {
        <table class="table" data-view="list">
            <thead>
                <tr>
                    <th>"Client"</th>
                    <th>"Email"</th>
                    <th>"Country"</th>
                    <th>"Status"</th>
                    <th class="num">"Up-to-date credit"</th>
                    <th>"Configuration"</th>
                    <th>"Groups"</th>
                    <th class="num">"Services"</th>
                    <th class="num">"Instances"</th>
                    <th>"Created"</th>
                </tr>
            </thead>
            <tbody>
                {clients
                    .into_iter()
                    .map(|c| {
                        view! {
                            <tr>
                                <td>{c.display_name()}</td>
                                <td>{c.email.clone()}</td>
                                <td>{c.country.clone()}</td>
                                <td><StatusBadge status=c.status /></td>
                                <td class="num">{format::money(c.uptodate_credit, &c.currency)}</td>
                                <td>{c.configuration.clone()}</td>
                                <td>{c.groups.join(", ")}</td>
                                <td class="num">{c.services}</td>
                                <td class="num">{c.instances}</td>
                                <td>{format::date(&c.created_at)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Pager(
    page: u64,
    pages: u64,
    href: impl Fn(u64) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    view! {
        <nav class="pager" aria-label="Pages">
            {prev.map(|h| view! { <A href=h attr:rel="prev">"← Previous"</A> })}
            <span>{format!("Page {page} of {pages}")}</span>
            {next.map(|h| view! { <A href=h attr:rel="next">"Next →"</A> })}
        </nav>
    }
}
