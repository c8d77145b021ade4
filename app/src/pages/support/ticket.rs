//! `/staff/support/tickets/:id`: a ticket and its messages.

use crate::api::tickets::get_ticket;
use crate::components::badge::Badge;
use crate::components::detail_page::DetailPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::format;
use model::routes;
use model::tickets::TicketDetail;

#[component]
pub fn TicketPage() -> impl IntoView {
    view! {
        <DetailPage what="Ticket" load=get_ticket let:t>
            {ticket_view(t)}
        </DetailPage>
    }
}

fn ticket_view(t: TicketDetail) -> impl IntoView {
    view! {
        <Title text=t.row.title.clone() />
        <div class="page-head">
            <div>
                <p class="crumbs"><A href=routes::client_tab(t.client.0, "tickets")>{t.client.1.clone()}</A>" / Tickets"</p>
                <h1>{format!("#{} {}", t.row.id, t.row.title)}" "
                    <Badge tone=format!("ticket-{}", t.row.status.as_str()) label=t.row.status.label() attr:data-field="status" />
                </h1>
            </div>
        </div>
        <dl class="facts">
            <dt>"Department"</dt><dd data-field="department">{t.row.department.label()}</dd>
            <dt>"Priority"</dt><dd>{t.row.priority.label()}</dd>
            <dt>"Created at"</dt><dd>{format::date(&t.row.created_at)}</dd>
            <dt>"Updated"</dt><dd>{format::date(&t.updated_at)}</dd>
        </dl>
        <h2>"Messages"</h2>
        <ol class="messages">
            {t.messages.into_iter().map(|m| view! {
                <li class=if m.is_staff { "message staff" } else { "message client" }>
                    <p class="meta">{format!("{} · {}", m.author_name, m.created_at.format("%Y-%m-%d %H:%M"))}</p>
                    <p class="body">{m.body.clone()}</p>
                </li>
            }).collect_view()}
        </ol>
    }
}
