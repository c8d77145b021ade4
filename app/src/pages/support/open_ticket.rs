//! "Open ticket": one form for the client's Tickets tab (its client fixed) and the tickets list
//! (staff type the client ID). On success it opens the new ticket.

use crate::api::tickets::OpenTicket;
use crate::components::detail::{field_error, form_error};
use crate::components::permission::FormToggle;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use model::routes;
use model::staff::Permission;
use model::TicketDepartment;

/// The "Open ticket" button and its form, for `client_id`, or for a client ID typed in.
#[component]
pub fn OpenTicketForm(#[prop(optional)] client_id: Option<i32>) -> impl IntoView {
    let action = ServerAction::<OpenTicket>::new();
    let open = RwSignal::new(false);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&routes::ticket(id), Default::default());
        }
    });
    let client = move || {
        match client_id {
        Some(id) => view! { <input type="hidden" name="client_id" value=id /> }.into_any(),
        None => view! {
            <label>"Client ID"<input type="text" name="client_id" inputmode="numeric" placeholder="e.g. 42" /></label>
        }
        .into_any(),
    }
    };
    view! {
        <div class="open-ticket-box">
            <FormToggle permission=Permission::ManageTickets label="Open ticket" open=open />
            <Show when=move || open.get()>
                <ActionForm action=action attr:class="panel open-ticket">
                    <h2>"Open ticket"</h2>
                    {client()}
                    {field_error(action, "client_id")}
                    <label>"Title"<input type="text" name="title" /></label>
                    {field_error(action, "title")}
                    <label>
                        "Department"
                        <select name="department">
                            {TicketDepartment::ALL.iter().map(|d| view! { <option value=d.as_str()>{d.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    {field_error(action, "department")}
                    <label>"First message"<textarea name="message" rows="5"></textarea></label>
                    {field_error(action, "message")}
                    {form_error(action)}
                    <button type="submit" class="btn primary">"Open ticket"</button>
                </ActionForm>
            </Show>
        </div>
    }
}
