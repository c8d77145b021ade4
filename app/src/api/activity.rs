use leptos::prelude::*;
use model::activity::ActivityEntry;
use model::client_detail::Page;
use model::AppError;

#[server(endpoint = "client/activity")]
pub async fn get_client_activity(
    client_id: i32,
    page: u64,
) -> Result<Page<ActivityEntry>, AppError> {
    crate::server::call(|cx| async move {
        domain::services::activity::list(&cx.db, client_id, page).await
    })
    .await
}
