//! Bulk runs: start one on the dashboard's selection, watch it, retry its failed clients.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::bulk::{BulkOutcome, BulkRequest, BulkRunPage, BulkRunView};
use model::AppError;

/// JSON in: a selection holds a whole dashboard query. Needs the action's own permission
/// (deleting: `DeleteClients`) on top of the endpoint's.
#[server(endpoint = "bulk/start", input = Json)]
pub async fn start_bulk(request: BulkRequest) -> Result<i32, AppError> {
    use domain::auth::access::{self, Access};
    crate::server::call(|cx| async move {
        access::check(
            Access::Staff(request.action.permission()),
            crate::server::request_principal().as_ref(),
        )?;
        let id = domain::services::bulk::start(&cx.db, &cx.actor, &request).await?;
        cx.wake_jobs();
        Ok(id)
    })
    .await
}

/// A run and a page of its clients (`outcome`: only those; `after`: the page after an item).
#[server(endpoint = "bulk/get")]
pub async fn bulk_run(
    id: i32,
    outcome: Option<BulkOutcome>,
    after: Option<i32>,
) -> Result<BulkRunPage, AppError> {
    crate::server::call(|cx| async move {
        domain::services::bulk::run_page(&cx.db, id, outcome, after).await
    })
    .await
}

/// The newest runs (`before`: older than that run).
#[server(endpoint = "bulk/list")]
pub async fn bulk_runs(before: Option<i32>) -> Result<Vec<BulkRunView>, AppError> {
    crate::server::call(|cx| async move { domain::services::bulk::recent(&cx.db, before).await })
        .await
}

/// "Retry failed": needs the run's action's permission.
#[server(endpoint = "bulk/retry")]
pub async fn retry_bulk(id: i32) -> Result<(), AppError> {
    use domain::auth::access::{self, Access};
    crate::server::call(|cx| async move {
        let action = domain::services::bulk::action_of(&cx.db, id).await?;
        access::check(
            Access::Staff(action.permission()),
            crate::server::request_principal().as_ref(),
        )?;
        domain::services::bulk::retry_failed(&cx.db, &cx.actor, id).await?;
        cx.wake_jobs();
        Ok(())
    })
    .await
}
