//! The client portal's server functions: open to end users (and staff impersonating one).

use leptos::prelude::*;
use model::portal::PortalView;
use model::AppError;

#[server(endpoint = "portal/overview")]
pub async fn portal_overview() -> Result<PortalView, AppError> {
    crate::server::call_open(|db, _, principal| async move {
        use domain::auth::access::{check, Access};
        check(Access::Portal, principal.as_ref())?;
        let user_id = principal.map(|p| p.user.id).ok_or(AppError::Unauthorized)?;
        domain::services::portal::view(&db, user_id).await
    })
    .await
}
