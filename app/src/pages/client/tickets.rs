//! The tickets tab: the client's tickets with a status bar, and "Open ticket".

use crate::api::tickets::get_client_tickets;
use crate::components::detail::page_param;
use crate::components::paged_table::{Col, PagedTable};
use crate::pages::support::open_ticket::OpenTicketForm;
use leptos::prelude::*;
use leptos_router::components::A;
use model::format;
use model::routes;

const COLUMNS: &[Col] = &[
    Col::bar(),
    Col::text("ID"),
    Col::text("Title"),
    Col::text("Department"),
    Col::text("Created at"),
];

#[component]
pub fn TicketsTab(client_id: i32) -> impl IntoView {
    let page = page_param();
    let data = crate::data::load(
        move || (client_id, page.get()),
        |(c, p)| get_client_tickets(c, p),
    );
    view! {
        <OpenTicketForm client_id=client_id />
        <PagedTable data columns=COLUMNS empty="No tickets." class="tickets" link_rows=true row=|t| view! {
            <tr data-status=t.status.as_str()>
                <td class=format!("bar ticket-{}", t.status.as_str()) title=t.status.label()></td>
                <td>{t.id}</td>
                <td><A href=routes::ticket(t.id)>{t.title.clone()}</A></td>
                <td>{t.department.label()}</td>
                <td>{format::date(&t.created_at)}</td>
            </tr>
        } />
    }
}
