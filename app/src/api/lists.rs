//! The staff lists behind the top bar (one function for all of them: see `model::lists`).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::lists::{ListKind, ListPage, ListQuery};
use model::AppError;

/// JSON in: the query is a list of pairs.
#[server(endpoint = "lists/get", input = Json)]
pub async fn get_list(kind: ListKind, query: ListQuery) -> Result<ListPage, AppError> {
    crate::server::call(
        |cx| async move { domain::services::lists::list(&cx.db, kind, &query).await },
    )
    .await
}
