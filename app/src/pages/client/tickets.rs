//! The tickets tab: the client's tickets with a status bar, and "Open ticket".

use crate::api::tickets::get_client_tickets;
use crate::components::detail::{error_view, open_row, page_param};
use crate::components::pager::Pager;
use crate::pages::support::open_ticket::OpenTicketForm;
use leptos::prelude::*;
use leptos_router::components::A;
use model::format;
use model::routes;

#[component]
pub fn TicketsTab(client_id: i32) -> impl IntoView {
    let page = page_param();
    let data = Resource::new(
        move || (client_id, page.get()),
        |(c, p)| get_client_tickets(c, p),
    );
    view! {
        <OpenTicketForm client_id=client_id />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(p) if p.rows.is_empty() => view! { <p class="empty">"No tickets."</p> }.into_any(),
                    Ok(p) => {
                        let (page_no, pages) = (p.page, p.pages());
                        view! {
                        <table class="table rows-link tickets">
                            <thead>
                                <tr><th class="bar"></th><th>"ID"</th><th>"Title"</th><th>"Department"</th><th>"Created at"</th></tr>
                            </thead>
                            <tbody on:click=open_row>
                                {p.rows.into_iter().map(|t| view! {
                                    <tr data-status=t.status.as_str()>
                                        <td class=format!("bar ticket-{}", t.status.as_str()) title=t.status.label()></td>
                                        <td>{t.id}</td>
                                        <td><A href=routes::ticket(t.id)>{t.title.clone()}</A></td>
                                        <td>{t.department.label()}</td>
                                        <td>{format::date(&t.created_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pager page=page_no pages=pages />
                    }
                    .into_any()
                    }
                }
            })}
        </Transition>
    }
}
