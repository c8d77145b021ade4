//! Journal entries: a client's list and one entry.

use crate::model::billing::{JournalDetail, JournalRow};
use crate::model::client_detail::Page;
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "journal/list")]
pub async fn get_client_journal(client_id: i32, page: u64) -> Result<Page<JournalRow>, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::journal::list(&cx.db, client_id, page).await
    })
    .await
}

#[server(endpoint = "journal/get")]
pub async fn get_journal_entry(entry_id: i32) -> Result<JournalDetail, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::journal::get(&cx.db, entry_id).await
    })
    .await
}
