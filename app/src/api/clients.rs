use crate::model::client::ClientPage;
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "clients/list")]
pub async fn list_clients(page: u64, per_page: u64) -> Result<ClientPage, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::clients::list(&cx.db, page, per_page).await
    })
    .await
}
