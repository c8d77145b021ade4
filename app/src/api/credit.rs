//! "Add or withdraw credit" on a client's overview: the preview and the adjustment.

use crate::model::client_detail::ClientOverview;
use crate::model::credit::{CreditInput, CreditPreview};
use crate::model::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "credit/preview", input = Json)]
pub async fn preview_credit(client_id: i32, input: CreditInput) -> Result<CreditPreview, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::credit::preview(&cx.db, client_id, input).await
    })
    .await
}

#[server(endpoint = "credit/apply", input = Json)]
pub async fn apply_credit(client_id: i32, input: CreditInput) -> Result<ClientOverview, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::credit::apply(&cx.db, &cx.actor, client_id, input).await
    })
    .await
}
