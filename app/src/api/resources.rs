//! Cloud resources and projects.

use leptos::prelude::*;
use model::cloud::{ProjectDetail, ResourceDetail, ResourceKind, ResourceTab};
use model::AppError;

#[server(endpoint = "resources/tab")]
pub async fn get_resources_tab(
    client_id: i32,
    kind: ResourceKind,
    page: u64,
) -> Result<ResourceTab, AppError> {
    crate::server::call(|cx| async move {
        domain::services::resources::tab(&cx.db, client_id, kind, page).await
    })
    .await
}

#[server(endpoint = "resources/get")]
pub async fn get_resource(kind: ResourceKind, id: i32) -> Result<ResourceDetail, AppError> {
    crate::server::call(
        |cx| async move { domain::services::resources::get(&cx.db, kind, id).await },
    )
    .await
}

#[server(endpoint = "projects/get")]
pub async fn get_project(project_id: i32) -> Result<ProjectDetail, AppError> {
    crate::server::call(|cx| async move {
        domain::services::resources::project(&cx.db, project_id).await
    })
    .await
}

/// "Refresh from cloud": reads the client's projects and resources back from the cloud (a job).
#[server(endpoint = "resources/refresh")]
pub async fn refresh_from_cloud(client_id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::openstack::sync::request(&cx.db, &cx.actor, client_id).await?;
        cx.wake_jobs();
        Ok(())
    })
    .await
}
