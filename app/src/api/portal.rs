//! The client portal's server functions: open to end users (and staff impersonating one).

use crate::model::portal::PortalView;
use crate::model::AppError;
use leptos::prelude::*;

#[server(endpoint = "portal/overview")]
pub async fn portal_overview() -> Result<PortalView, AppError> {
    crate::server::call_open(|db, _, principal| async move {
        use crate::server::auth::access::{check, Access};
        check(Access::Portal, principal.as_ref())?;
        let user_id = principal.map(|p| p.user.id).ok_or(AppError::Unauthorized)?;
        crate::server::services::portal::view(&db, user_id).await
    })
    .await
}
