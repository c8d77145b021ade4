//! `/staff/billing/journal/:id`: one journal entry.

use crate::api::journal::get_journal_entry;
use crate::components::detail_page::DetailPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::billing::JournalDetail;
use model::format;
use model::routes;

#[component]
pub fn JournalEntryPage() -> impl IntoView {
    view! {
        <DetailPage what="Journal entry" load=get_journal_entry let:j>
            {journal_entry_view(j)}
        </DetailPage>
    }
}

fn journal_entry_view(j: JournalDetail) -> impl IntoView {
    view! {
        <Title text=format!("Journal entry {}", j.row.id) />
        <div class="page-head">
            <div>
                <p class="crumbs">{match (j.client_id, j.client_name.clone()) {
                    (Some(c), Some(n)) => view! { <A href=routes::client_tab(c, "journal")>{n}</A> }.into_any(),
                    _ => view! { <span>"Deleted client"</span> }.into_any(),
                }}" / Journal"</p>
                <h1>{format!("Journal entry {}", j.row.id)}</h1>
            </div>
        </div>
        <dl class="facts">
            <dt>"Entry date"</dt><dd>{j.row.entry_date.format("%Y-%m-%d %H:%M").to_string()}</dd>
            <dt>"Source"</dt><dd data-field="source">{j.row.source_label()}</dd>
            <dt>"Destination"</dt><dd data-field="destination">{j.row.destination.label()}</dd>
            <dt>"Amount"</dt><dd class="num" data-field="amount">{format::money(j.row.amount, &j.row.currency)}</dd>
            <dt>"Description"</dt><dd>{j.description.clone()}</dd>
            <dt>"Invoice"</dt>
            <dd>{match j.invoice.clone() {
                Some((id, n)) => view! { <A href=routes::invoice(id)>{n}</A> }.into_any(),
                None => "—".into_any(),
            }}</dd>
        </dl>
    }
}
