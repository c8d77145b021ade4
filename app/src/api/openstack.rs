//! The OpenStack service tab and its actions.

use crate::model::cloud::OpenstackTab;
use crate::model::{AppError, ClientStatus};
use leptos::prelude::*;

#[server(endpoint = "openstack/tab")]
pub async fn get_openstack_tab(client_id: i32) -> Result<OpenstackTab, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::openstack::tab(&cx.db, client_id).await
    })
    .await
}

#[server(endpoint = "openstack/change-plan")]
pub async fn change_plan(service_id: i32, plan_id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::openstack::change_plan(&cx.db, &cx.actor, service_id, plan_id)
            .await
    })
    .await
}

#[server(endpoint = "openstack/terminate")]
pub async fn terminate_service(service_id: i32) -> Result<ClientStatus, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::openstack::terminate(&cx.db, &cx.actor, service_id).await
    })
    .await
}

#[server(endpoint = "openstack/create")]
pub async fn create_openstack(client_id: i32, plan_id: i32) -> Result<i32, AppError> {
    crate::server::call(|cx| async move {
        let id = crate::server::services::openstack::create(&cx.db, &cx.actor, client_id, plan_id)
            .await?;
        cx.wake_jobs();
        Ok(id)
    })
    .await
}
