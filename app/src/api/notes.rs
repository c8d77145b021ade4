//! Staff notes on a client (the overview tab's Notes section).

use leptos::prelude::*;
use model::client_detail::Page;
use model::notes::ClientNote;
use model::AppError;

#[server(endpoint = "notes/list")]
pub async fn get_client_notes(client_id: i32, page: u64) -> Result<Page<ClientNote>, AppError> {
    crate::server::call(
        |cx| async move { domain::services::notes::list(&cx.db, client_id, page).await },
    )
    .await
}

#[server(endpoint = "notes/add")]
pub async fn add_note(client_id: i32, body: String) -> Result<i32, AppError> {
    crate::server::call(|cx| async move {
        domain::services::notes::add(&cx.db, &cx.actor, client_id, body).await
    })
    .await
}

#[server(endpoint = "notes/edit")]
pub async fn edit_note(client_id: i32, note_id: i32, body: String) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::notes::edit(&cx.db, &cx.actor, client_id, note_id, body).await
    })
    .await
}

#[server(endpoint = "notes/delete")]
pub async fn delete_note(client_id: i32, note_id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::notes::delete(&cx.db, &cx.actor, client_id, note_id).await
    })
    .await
}

#[server(endpoint = "notes/pin")]
pub async fn pin_note(client_id: i32, note_id: i32, pinned: bool) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::notes::set_pinned(&cx.db, &cx.actor, client_id, note_id, pinned).await
    })
    .await
}
