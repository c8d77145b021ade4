//! The dashboard's server functions: the page of clients, filter options, create and edit.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::client::ClientPage;
use model::client_form::ClientForm;
use model::client_query::{ClientQuery, FilterOptions};
use model::AppError;

/// JSON in: the query has lists and nested values that a URL-encoded body would flatten.
#[server(endpoint = "clients/list", input = Json)]
pub async fn list_clients(query: ClientQuery) -> Result<ClientPage, AppError> {
    crate::server::call(|cx| async move { domain::services::clients::list(&cx.db, &query).await })
        .await
}

#[server(endpoint = "clients/filter_options")]
pub async fn client_filter_options() -> Result<FilterOptions, AppError> {
    crate::server::call(|cx| async move { domain::services::clients::filter_options(&cx.db).await })
        .await
}

#[server(endpoint = "clients/form")]
pub async fn load_client_form(client_id: i32) -> Result<ClientForm, AppError> {
    crate::server::call(
        |cx| async move { domain::services::client_form::load(&cx.db, client_id).await },
    )
    .await
}

/// Creates (`client_id` None) or updates a client; returns its ID.
#[server(endpoint = "clients/save", input = Json)]
pub async fn save_client(client_id: Option<i32>, form: ClientForm) -> Result<i32, AppError> {
    crate::server::call(|cx| async move {
        domain::services::client_form::save(&cx.db, &cx.actor, client_id, form).await
    })
    .await
}
