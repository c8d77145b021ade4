//! The OpenStack service tab and its actions.

use leptos::prelude::*;
use model::cloud::OpenstackTab;
use model::{AppError, ClientStatus};

#[server(endpoint = "openstack/tab")]
pub async fn get_openstack_tab(client_id: i32) -> Result<OpenstackTab, AppError> {
    crate::server::call(
        |cx| async move { domain::services::openstack::tab(&cx.db, client_id).await },
    )
    .await
}

#[server(endpoint = "openstack/change-plan")]
pub async fn change_plan(service_id: i32, plan_id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::openstack::change_plan(&cx.db, &cx.actor, service_id, plan_id).await
    })
    .await
}

#[server(endpoint = "openstack/terminate")]
pub async fn terminate_service(service_id: i32) -> Result<ClientStatus, AppError> {
    crate::server::call(|cx| async move {
        domain::services::openstack::terminate(&cx.db, &cx.actor, service_id).await
    })
    .await
}

#[server(endpoint = "openstack/create")]
pub async fn create_openstack(client_id: i32, plan_id: i32) -> Result<i32, AppError> {
    crate::server::call(|cx| async move {
        let id = domain::services::openstack::create(&cx.db, &cx.actor, client_id, plan_id).await?;
        cx.wake_jobs();
        Ok(id)
    })
    .await
}
