//! Cloud resources and projects.

use crate::model::cloud::{ProjectDetail, ResourceDetail, ResourceKind, ResourceTab};
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "resources/tab")]
pub async fn get_resources_tab(
    client_id: i32,
    kind: ResourceKind,
    page: u64,
) -> Result<ResourceTab, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::resources::tab(&cx.db, client_id, kind, page).await
    })
    .await
}

#[server(endpoint = "resources/get")]
pub async fn get_resource(kind: ResourceKind, id: i32) -> Result<ResourceDetail, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::resources::get(&cx.db, kind, id).await
    })
    .await
}

#[server(endpoint = "projects/get")]
pub async fn get_project(project_id: i32) -> Result<ProjectDetail, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::resources::project(&cx.db, project_id).await
    })
    .await
}
