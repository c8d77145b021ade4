//! The dashboard's saved views and list columns: a staff member's own choices.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::client_query::ClientQuery;
use model::saved_views::DashboardPrefs;
use model::AppError;

#[server(endpoint = "views/prefs")]
pub async fn load_dashboard_prefs() -> Result<DashboardPrefs, AppError> {
    crate::server::call(|cx| async move {
        domain::services::staff_views::prefs(&cx.db, &cx.actor).await
    })
    .await
}

/// `columns`: comma-separated column keys, in order.
#[server(endpoint = "views/columns")]
pub async fn save_columns(columns: String) -> Result<(), AppError> {
    use model::client_columns;
    crate::server::call(|cx| async move {
        let columns = client_columns::split(&columns)
            .map_err(|key| AppError::invalid("columns", format!("There is no column {key:?}.")))?;
        domain::services::staff_views::set_columns(&cx.db, &cx.actor, &columns).await
    })
    .await
}

/// JSON in: the query has lists and nested values that a URL-encoded body would flatten.
#[server(endpoint = "views/save", input = Json)]
pub async fn save_view(name: String, query: ClientQuery, shared: bool) -> Result<i32, AppError> {
    crate::server::call(|cx| async move {
        domain::services::staff_views::save(&cx.db, &cx.actor, &name, &query, shared).await
    })
    .await
}

#[server(endpoint = "views/delete")]
pub async fn delete_view(id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::staff_views::delete(&cx.db, &cx.actor, id).await
    })
    .await
}

/// `id` None: land on every client again.
#[server(endpoint = "views/landing")]
pub async fn set_landing_view(id: Option<i32>) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::staff_views::set_landing(&cx.db, &cx.actor, id).await
    })
    .await
}
