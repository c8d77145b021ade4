//! Suspend, resume and delete a client (the dashboard's hover menu and the detail header).

use crate::model::{AppError, ClientStatus};
use leptos::prelude::*;

#[server(endpoint = "clients/suspend")]
pub async fn suspend_client(client_id: i32, reason: String) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::lifecycle::suspend(&cx.db, &cx.actor, client_id, &reason).await?;
        cx.wake_jobs();
        Ok(())
    })
    .await
}

#[server(endpoint = "clients/resume")]
pub async fn resume_client(client_id: i32) -> Result<ClientStatus, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::lifecycle::resume(
            &cx.db,
            &*cx.state.openstack,
            &cx.actor,
            client_id,
        )
        .await
    })
    .await
}

#[server(endpoint = "clients/delete")]
pub async fn delete_client(client_id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::lifecycle::delete(&cx.db, &cx.actor, client_id).await?;
        cx.wake_jobs();
        Ok(())
    })
    .await
}
