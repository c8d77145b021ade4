//! Tickets: a client's list, the ticket page, "Open ticket".

use leptos::prelude::*;
use model::client_detail::Page;
use model::tickets::{TicketDetail, TicketRow};
use model::AppError;

#[server(endpoint = "tickets/list")]
pub async fn get_client_tickets(client_id: i32, page: u64) -> Result<Page<TicketRow>, AppError> {
    crate::server::call(|cx| async move {
        domain::services::tickets::list(&cx.db, client_id, page).await
    })
    .await
}

#[server(endpoint = "tickets/get")]
pub async fn get_ticket(ticket_id: i32) -> Result<TicketDetail, AppError> {
    crate::server::call(|cx| async move { domain::services::tickets::get(&cx.db, ticket_id).await })
        .await
}

/// `client_id` is text: the tickets list has staff type it, and a bad one gets a field message.
#[server(endpoint = "tickets/open")]
pub async fn open_ticket(
    client_id: String,
    title: String,
    department: String,
    message: String,
) -> Result<i32, AppError> {
    crate::server::call(|cx| async move {
        domain::services::tickets::open_from_form(
            &cx.db,
            &cx.actor,
            &client_id,
            &title,
            &department,
            &message,
        )
        .await
    })
    .await
}
