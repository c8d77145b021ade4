//! The services tab: every service of the client, the OpenStack one included.

use crate::api::billing_services::get_client_services;
use crate::components::badge::Badge;
use crate::components::detail::page_param;
use crate::components::paged_table::{Col, PagedTable};
use leptos::prelude::*;
use leptos_router::components::A;
use model::format;
use model::routes;

const COLUMNS: &[Col] = &[
    Col::text("Service"),
    Col::text("Product"),
    Col::text("Cycle"),
    Col::num("Price"),
    Col::text("Status"),
    Col::text("Next due"),
    Col::text("Created"),
];

#[component]
pub fn ServicesTab(client_id: i32) -> impl IntoView {
    let page = page_param();
    let data = crate::data::load(
        move || (client_id, page.get()),
        |(c, p)| get_client_services(c, p),
    );
    view! {
        <PagedTable data columns=COLUMNS empty="No services." link_rows=true row=|s| view! {
            <tr>
                <td><A href=routes::service(s.id)>{s.display_name.clone()}</A></td>
                <td>{format!("{} ({})", s.product_name, s.product_type.label())}</td>
                <td>{s.cycle.map(|c| c.label()).unwrap_or("—")}</td>
                <td class="num">{match (s.price, &s.currency) {
                    (Some(p), Some(c)) => format::money(p, c),
                    _ => "—".to_owned(),
                }}</td>
                <td><Badge tone=format!("svc-{}", s.status.as_str()) label=s.status.label() /></td>
                <td>{s.next_due_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                <td>{format::date(&s.created_at)}</td>
            </tr>
        } />
    }
}
