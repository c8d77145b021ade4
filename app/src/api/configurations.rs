//! The configuration tab and "Change configuration".

use leptos::prelude::*;
use model::configurations::ConfigurationTab;
use model::AppError;

#[server(endpoint = "configurations/tab")]
pub async fn get_configuration_tab(client_id: i32) -> Result<ConfigurationTab, AppError> {
    crate::server::call(|cx| async move {
        domain::services::configurations::tab(&cx.db, client_id).await
    })
    .await
}

#[server(endpoint = "configurations/change")]
pub async fn change_configuration(client_id: i32, configuration_id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::configurations::change(&cx.db, &cx.actor, client_id, configuration_id)
            .await
    })
    .await
}
