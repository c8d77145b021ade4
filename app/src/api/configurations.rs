//! The configuration tab and "Change configuration".

use crate::model::configurations::ConfigurationTab;
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "configurations/tab")]
pub async fn get_configuration_tab(client_id: i32) -> Result<ConfigurationTab, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::configurations::tab(&cx.db, client_id).await
    })
    .await
}

#[server(endpoint = "configurations/change")]
pub async fn change_configuration(client_id: i32, configuration_id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::configurations::change(
            &cx.db,
            &cx.actor,
            client_id,
            configuration_id,
        )
        .await
    })
    .await
}
