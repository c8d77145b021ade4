//! The journal tab: money movements, where from and where to.

use crate::api::journal::get_client_journal;
use crate::components::detail::page_param;
use crate::components::paged_table::{Col, PagedTable};
use leptos::prelude::*;
use leptos_router::components::A;
use model::format;
use model::routes;

const COLUMNS: &[Col] = &[
    Col::text("Entry date"),
    Col::text("Source"),
    Col::text("Destination"),
    Col::num("Amount"),
];

#[component]
pub fn JournalTab(client_id: i32) -> impl IntoView {
    let page = page_param();
    let data = crate::data::load(
        move || (client_id, page.get()),
        |(c, p)| get_client_journal(c, p),
    );
    view! {
        <PagedTable data columns=COLUMNS empty="No journal entries." link_rows=true row=|r| view! {
            <tr>
                <td><A href=routes::journal_entry(r.id)>{format::date(&r.entry_date)}</A></td>
                <td>{r.source_label()}</td>
                <td>{r.destination.label()}</td>
                <td class="num">{format::money(r.amount, &r.currency)}</td>
            </tr>
        } />
    }
}
