//! The list view: one row per client, sortable column headers.

use super::actions::ClientActions;
use super::matched::MatchedLine;
use super::pinned::PinnedIcon;
use crate::components::format;
use crate::components::status_badge::StatusBadge;
use crate::model::client::ClientSummary;
use crate::model::client_query::{ClientQuery, Dir, SortKey};
use leptos::prelude::*;
use leptos_router::components::A;

/// A header that sorts by `key`: ascending first, then flips.
fn sort_header(query: Memo<ClientQuery>, key: SortKey, label: &'static str) -> impl IntoView {
    let q = query.get_untracked();
    let current = (q.sort == key).then_some(q.dir);
    let next = q.with(|q| {
        q.dir = match current {
            Some(d) => d.flip(),
            None => Dir::Asc,
        };
        q.sort = key;
    });
    let arrow = match current {
        Some(Dir::Asc) => " ▲",
        Some(Dir::Desc) => " ▼",
        None => "",
    };
    let aria = match current {
        Some(Dir::Asc) => "ascending",
        Some(Dir::Desc) => "descending",
        None => "none",
    };
    view! {
        <th aria-sort=aria>
            <A href=next.href() attr:class="sort" attr:data-sort=key.as_str()>
                {label}
                {arrow}
            </A>
        </th>
    }
}

#[component]
pub fn ClientTable(clients: Vec<ClientSummary>, query: Memo<ClientQuery>) -> impl IntoView {
    let empty = clients.is_empty();
    view! {
        <table class="table" data-view="list">
            <thead>
                <tr>
                    {sort_header(query, SortKey::Company, "Client")}
                    <th>"Email"</th>
                    {sort_header(query, SortKey::Country, "Country")}
                    <th>"Status"</th>
                    {sort_header(query, SortKey::Credit, "Up-to-date credit")}
                    {sort_header(query, SortKey::Configuration, "Configuration")}
                    {sort_header(query, SortKey::Group, "Groups")}
                    <th class="num">"Services"</th>
                    <th class="num">"Instances"</th>
                    {sort_header(query, SortKey::Created, "Created")}
                    <th class="actions-col">
                        <span class="sr-only">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {empty.then(|| view! { <tr><td colspan="11" class="muted">"No client matches."</td></tr> })}
                {clients
                    .into_iter()
                    .map(|c| {
                        let (id, name) = (c.id, c.display_name());
                        view! {
                            <tr class="client-row" tabindex="0" data-id=id>
                                <td>
                                    <A href=format!("/staff/clients/{id}/overview")>{name}</A>
                                    <PinnedIcon notes=c.pinned_notes.clone() />
                                    <MatchedLine matched=c.matched.clone() />
                                </td>
                                <td>{c.email.clone()}</td>
                                <td class="country">{c.country.clone()}</td>
                                <td><StatusBadge status=c.status error=c.lifecycle_error.clone() /></td>
                                <td class="num credit">{format::money(c.uptodate_credit, &c.currency)}</td>
                                <td class="configuration">{c.configuration.clone()}</td>
                                <td class="groups">{c.groups.join(", ")}</td>
                                <td class="num">{c.services}</td>
                                <td class="num">{c.instances}</td>
                                <td>{format::date(&c.created_at)}</td>
                                <td class="actions-col"><ClientActions client=c.clone() /></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
