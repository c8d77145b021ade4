//! `/staff/billing/journal/:id`: one journal entry.

use crate::api::journal::get_journal_entry;
use crate::components::detail::{error_view, id_param};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::format;
use model::routes;
use model::AppError;

#[component]
pub fn JournalEntryPage() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_journal_entry(id).await,
                None => Err(AppError::NotFound("Journal entry".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(j) => view! {
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
                    .into_any(),
                }
            })}
        </Transition>
    }
}
