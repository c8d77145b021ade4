//! The list view: one row per client, sortable column headers.

use super::actions::ClientActions;
use super::matched::MatchedLine;
use super::pinned::PinnedIcon;
use super::selection::SelectBox;
use crate::components::status_badge::StatusBadge;
use leptos::prelude::*;
use leptos_router::components::A;
use model::auth::CurrentUser;
use model::client::ClientSummary;
use model::client_columns::ClientColumn;
use model::client_query::{ClientQuery, Dir, SortKey};
use model::format;
use model::routes;

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

/// One cell of `column` for a client.
fn cell(c: &ClientSummary, column: ClientColumn) -> AnyView {
    let text = |class: &'static str, t: String| view! { <td class=class>{t}</td> }.into_any();
    let yes_no = |b: bool| if b { "Yes" } else { "No" }.to_owned();
    match column {
        ClientColumn::Company => {
            let (id, name) = (c.id, c.display_name());
            let (notes, matched) = (c.pinned_notes.clone(), c.matched.clone());
            view! {
                <td class="client">
                    <A href=routes::client(id)>{name}</A>
                    <PinnedIcon notes=notes />
                    <MatchedLine matched=matched />
                </td>
            }
            .into_any()
        }
        ClientColumn::Id => text("num id", c.id.to_string()),
        ClientColumn::Contact => text("contact", c.contact()),
        ClientColumn::Email => text("email", c.email.clone()),
        ClientColumn::Phone => text("phone", c.phone.clone()),
        ClientColumn::Country => text("country", c.country.clone()),
        ClientColumn::City => text("city", c.city.clone()),
        ClientColumn::Status => {
            let (status, error) = (c.status, c.lifecycle_error.clone());
            view! { <td class="status"><StatusBadge status=status error=error /></td> }.into_any()
        }
        ClientColumn::UptodateCredit => {
            text("num credit", format::money(c.uptodate_credit, &c.currency))
        }
        ClientColumn::CurrentCredit => {
            text("num balance", format::money(c.credit_balance, &c.currency))
        }
        ClientColumn::Currency => text("currency", c.currency.clone()),
        ClientColumn::Configuration => text("configuration", c.configuration.clone()),
        ClientColumn::Groups => text("groups", c.groups.join(", ")),
        ClientColumn::Services => text("num services", c.services.to_string()),
        ClientColumn::Instances => text("num instances", c.instances.to_string()),
        ClientColumn::Created => text("created", format::date(&c.created_at)),
        ClientColumn::BillingAgreement => text("billing-agreement", yes_no(c.billing_agreement)),
        ClientColumn::TaxExempt => text("tax-exempt", yes_no(c.tax_exempt)),
        ClientColumn::VatId => text("vat-id", c.vat_id.clone().unwrap_or_default()),
    }
}

/// The list view: the staff member's columns in their order; a sortable column's header sorts.
#[component]
pub fn ClientTable(
    clients: Vec<ClientSummary>,
    query: Memo<ClientQuery>,
    columns: Vec<ClientColumn>,
    user: Option<CurrentUser>,
) -> impl IntoView {
    let empty = clients.is_empty();
    let span = (columns.len() + 2).to_string();
    let page = std::sync::Arc::new(clients.iter().map(|c| c.id).collect::<Vec<_>>());
    let headers = columns
        .iter()
        .map(|c| match c.sort() {
            Some(key) => sort_header(query, key, c.label()).into_any(),
            None if c.is_numeric() => view! { <th class="num">{c.label()}</th> }.into_any(),
            None => view! { <th>{c.label()}</th> }.into_any(),
        })
        .collect_view();
    let keys = columns
        .iter()
        .map(|c| c.key())
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <table class="table" data-view="list" data-columns=keys>
            <thead>
                <tr>
                    <th class="select-col">
                        <span class="sr-only">"Select"</span>
                    </th>
                    {headers}
                    <th class="actions-col">
                        <span class="sr-only">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {empty.then(|| view! { <tr><td colspan=span class="muted">"No client matches."</td></tr> })}
                {clients
                    .into_iter()
                    .map(|c| {
                        let cells = columns.iter().map(|col| cell(&c, *col)).collect_view();
                        view! {
                            <tr class="client-row client-item" tabindex="0" data-id=c.id>
                                <td class="select-col">
                                    <SelectBox id=c.id name=c.display_name() page=page.clone() query />
                                </td>
                                {cells}
                                <td class="actions-col"><ClientActions client=c.clone() user=user.clone() /></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
