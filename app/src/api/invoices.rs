//! Invoices: a client's list, one invoice, "Add invoice".

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::billing::{InvoiceDetail, InvoiceRow, NewInvoice};
use model::client_detail::Page;
use model::AppError;

#[server(endpoint = "invoices/list")]
pub async fn get_client_invoices(client_id: i32, page: u64) -> Result<Page<InvoiceRow>, AppError> {
    crate::server::call(|cx| async move {
        domain::services::invoices::list(&cx.db, client_id, page).await
    })
    .await
}

#[server(endpoint = "invoices/get")]
pub async fn get_invoice(invoice_id: i32) -> Result<InvoiceDetail, AppError> {
    crate::server::call(
        |cx| async move { domain::services::invoices::get(&cx.db, invoice_id).await },
    )
    .await
}

/// JSON in: the item list is a nested structure.
#[server(endpoint = "invoices/create", input = Json)]
pub async fn create_invoice(client_id: i32, input: NewInvoice) -> Result<i32, AppError> {
    crate::server::call(|cx| async move {
        domain::services::invoices::create(&cx.db, &cx.actor, client_id, input).await
    })
    .await
}
