//! Services: a client's list and the service page.

use leptos::prelude::*;
use model::billing::{ServiceDetail, ServiceRow};
use model::client_detail::Page;
use model::AppError;

#[server(endpoint = "services/list")]
pub async fn get_client_services(client_id: i32, page: u64) -> Result<Page<ServiceRow>, AppError> {
    crate::server::call(|cx| async move {
        domain::services::billing_services::list(&cx.db, client_id, page).await
    })
    .await
}

#[server(endpoint = "services/get")]
pub async fn get_service(service_id: i32) -> Result<ServiceDetail, AppError> {
    crate::server::call(|cx| async move {
        domain::services::billing_services::get(&cx.db, service_id).await
    })
    .await
}
