//! Journal entries: a client's list and one entry.

use leptos::prelude::*;
use model::billing::{JournalDetail, JournalRow};
use model::client_detail::Page;
use model::AppError;

#[server(endpoint = "journal/list")]
pub async fn get_client_journal(client_id: i32, page: u64) -> Result<Page<JournalRow>, AppError> {
    crate::server::call(|cx| async move {
        domain::services::journal::list(&cx.db, client_id, page).await
    })
    .await
}

#[server(endpoint = "journal/get")]
pub async fn get_journal_entry(entry_id: i32) -> Result<JournalDetail, AppError> {
    crate::server::call(|cx| async move { domain::services::journal::get(&cx.db, entry_id).await })
        .await
}
