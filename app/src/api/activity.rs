use crate::model::activity::ActivityEntry;
use crate::model::client_detail::Page;
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "client/activity")]
pub async fn get_client_activity(
    client_id: i32,
    page: u64,
) -> Result<Page<ActivityEntry>, AppError> {
    crate::server::call(|cx| async move {
        crate::server::services::activity::list(&cx.db, client_id, page).await
    })
    .await
}
