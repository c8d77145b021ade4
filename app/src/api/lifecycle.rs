//! Suspend, resume and delete a client (the dashboard's hover menu and the detail header), and
//! retry a lifecycle job that failed for good.

use leptos::prelude::*;
use model::{AppError, ClientStatus};

#[server(endpoint = "clients/suspend")]
pub async fn suspend_client(client_id: i32, reason: String) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::lifecycle::suspend(&cx.db, &cx.actor, client_id, &reason).await?;
        cx.wake_jobs();
        Ok(())
    })
    .await
}

#[server(endpoint = "clients/resume")]
pub async fn resume_client(client_id: i32) -> Result<ClientStatus, AppError> {
    crate::server::call(|cx| async move {
        let status = domain::services::lifecycle::resume(&cx.db, &cx.actor, client_id).await?;
        cx.wake_jobs();
        Ok(status)
    })
    .await
}

/// Runs a lifecycle job that failed for good once more.
#[server(endpoint = "clients/retry")]
pub async fn retry_client_job(client_id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::lifecycle::retry(&cx.db, &cx.actor, client_id).await?;
        cx.wake_jobs();
        Ok(())
    })
    .await
}

#[server(endpoint = "clients/delete")]
pub async fn delete_client(client_id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::lifecycle::delete(&cx.db, &cx.actor, client_id).await?;
        cx.wake_jobs();
        Ok(())
    })
    .await
}
