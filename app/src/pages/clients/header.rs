//! The header line: clients counting against the licence, and totals per status that filter.

use leptos::prelude::*;
use leptos_router::components::A;
use model::client::ClientPage;
use model::client_query::ClientQuery;

#[component]
pub fn StatusLine(page: ClientPage, query: ClientQuery) -> impl IntoView {
    let licence = page.licence_count;
    let limit = page.licence_limit;
    let totals = page
        .status_totals
        .into_iter()
        .map(|(status, n)| {
            let active = query.statuses == [status];
            let href = query.with(|q| q.statuses = vec![status]).href();
            view! {
                <A
                    href=href
                    attr:class=format!(
                        "status-total status-{}{}",
                        status.as_str(),
                        if active { " active" } else { "" },
                    )
                    attr:title=status.description()
                    attr:data-status=status.as_str()
                >
                    <span class="label">{status.label()}</span>
                    <span class="n">{n}</span>
                </A>
            }
        })
        .collect_view();
    let scope = if query.is_filtered() {
        "Totals under the current filters (status aside); click one to filter by it."
    } else {
        "Totals over all clients; click one to filter by it."
    };
    view! {
        <div class="status-line">
            <p class="licence" title="Only Active clients count against the licence">
                <strong data-licence=licence>{licence}</strong>
                {format!(" of {limit} licensed active clients")}
            </p>
            <nav class="status-totals" aria-label="Totals per status" title=scope>
                {totals}
            </nav>
            <p class="muted small">{scope}</p>
        </div>
    }
}
