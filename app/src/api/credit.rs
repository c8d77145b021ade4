//! "Add or withdraw credit" on a client's overview: the preview and the adjustment.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::client_detail::ClientOverview;
use model::credit::{CreditInput, CreditPreview};
use model::AppError;

#[server(endpoint = "credit/preview", input = Json)]
pub async fn preview_credit(client_id: i32, input: CreditInput) -> Result<CreditPreview, AppError> {
    crate::server::call(|cx| async move {
        domain::services::credit::preview(&cx.db, client_id, input).await
    })
    .await
}

#[server(endpoint = "credit/apply", input = Json)]
pub async fn apply_credit(client_id: i32, input: CreditInput) -> Result<ClientOverview, AppError> {
    crate::server::call(|cx| async move {
        domain::services::credit::apply(&cx.db, &cx.actor, client_id, input).await
    })
    .await
}
