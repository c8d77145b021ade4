//! Staff accounts (administrators) and changing one's own password (every staff member).

use leptos::prelude::*;
use model::staff::{IssuedPassword, StaffMember};
use model::{AppError, StaffRole};

#[server(endpoint = "staff/list")]
pub async fn list_staff() -> Result<Vec<StaffMember>, AppError> {
    crate::server::call(|cx| async move { domain::services::staff::list(&cx.db).await }).await
}

#[server(endpoint = "staff/create")]
pub async fn create_staff(
    email: String,
    full_name: String,
    role: StaffRole,
) -> Result<IssuedPassword, AppError> {
    crate::server::call(|cx| async move {
        domain::services::staff::create(&cx.db, &cx.actor, &email, &full_name, role).await
    })
    .await
}

#[server(endpoint = "staff/update")]
pub async fn update_staff(
    staff_id: i32,
    role: StaffRole,
    is_active: bool,
) -> Result<StaffMember, AppError> {
    crate::server::call(|cx| async move {
        domain::services::staff::update(&cx.db, &cx.actor, staff_id, role, is_active).await
    })
    .await
}

#[server(endpoint = "staff/reset-password")]
pub async fn reset_staff_password(staff_id: i32) -> Result<IssuedPassword, AppError> {
    crate::server::call(|cx| async move {
        domain::services::staff::reset_password(&cx.db, &cx.actor, staff_id).await
    })
    .await
}

/// Also open to a staff member who must replace an issued password (see `access::OwnAccount`).
#[server(endpoint = "staff/change-password")]
pub async fn change_password(
    current: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    use domain::auth::access::Access;
    crate::server::call_as(Access::OwnAccount, |cx| async move {
        domain::services::staff::change_own_password(
            &cx.db,
            &cx.actor,
            &current,
            &new_password,
            &confirm,
        )
        .await?;
        leptos_axum::redirect(model::routes::CLIENTS);
        Ok(())
    })
    .await
}
