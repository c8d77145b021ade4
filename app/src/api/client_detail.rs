//! The client detail page's header and overview tab.

use leptos::prelude::*;
use model::client_detail::{ClientHeader, ClientOverview};
use model::AppError;

#[server(endpoint = "client/header")]
pub async fn get_client_header(client_id: i32) -> Result<ClientHeader, AppError> {
    crate::server::call(|cx| async move {
        domain::services::client_detail::header(&cx.db, client_id).await
    })
    .await
}

#[server(endpoint = "client/overview")]
pub async fn get_client_overview(client_id: i32) -> Result<ClientOverview, AppError> {
    crate::server::call(|cx| async move {
        domain::services::client_detail::overview(&cx.db, client_id).await
    })
    .await
}
