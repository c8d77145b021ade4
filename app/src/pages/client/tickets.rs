//! The tickets tab: the client's tickets with a status bar, and "Open ticket".

use crate::api::tickets::{get_client_tickets, OpenTicket};
use crate::components::detail::{error_view, field_error, form_error, open_row, page_param, Pager};
use crate::components::format;
use crate::components::permission::FormToggle;
use crate::model::staff::Permission;
use crate::model::TicketDepartment;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn TicketsTab(client_id: i32) -> impl IntoView {
    let page = page_param();
    let open_ticket = ServerAction::<OpenTicket>::new();
    let data = Resource::new(
        move || (client_id, page.get()),
        |(c, p)| get_client_tickets(c, p),
    );
    let open = RwSignal::new(false);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = open_ticket.value().get() {
            navigate(&format!("/staff/support/tickets/{id}"), Default::default());
        }
    });
    view! {
        <FormToggle permission=Permission::ManageTickets label="Open ticket" open=open />
        <Show when=move || open.get()>
            <ActionForm action=open_ticket attr:class="panel open-ticket">
                <h2>"Open ticket"</h2>
                <input type="hidden" name="client_id" value=client_id />
                <label>"Title"<input type="text" name="title" /></label>
                {field_error(open_ticket, "title")}
                <label>
                    "Department"
                    <select name="department">
                        {TicketDepartment::ALL.iter().map(|d| view! { <option value=d.as_str()>{d.label()}</option> }).collect_view()}
                    </select>
                </label>
                {field_error(open_ticket, "department")}
                <label>"First message"<textarea name="message" rows="5"></textarea></label>
                {field_error(open_ticket, "message")}
                {form_error(open_ticket)}
                <button type="submit" class="btn primary">"Open ticket"</button>
            </ActionForm>
        </Show>
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
                                        <td><A href=format!("/staff/support/tickets/{}", t.id)>{t.title.clone()}</A></td>
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
