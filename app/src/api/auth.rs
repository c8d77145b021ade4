//! Sign-in, sign-out and impersonation. The only server functions open to non-staff callers
//! (see `domain::auth::access`).

use leptos::prelude::*;
use model::auth::CurrentUser;
use model::AppError;

#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use domain::auth::{self, access};
    crate::server::call_open(|db, session, _| async move {
        let user = auth::sign_in(
            &db,
            &session,
            &email,
            &password,
            &crate::server::request_ip(),
            chrono::Utc::now(),
        )
        .await?;
        let target = if user.is_staff && user.must_change_password {
            // An issued password is replaced before anything else.
            access::CHANGE_PASSWORD_PAGE.to_owned()
        } else {
            let home = if user.is_staff {
                model::routes::CLIENTS
            } else {
                "/"
            };
            access::safe_next(next.as_deref())
                .filter(|n| user.is_staff || !n.starts_with("/staff"))
                .unwrap_or_else(|| home.to_owned())
        };
        leptos_axum::redirect(&target);
        Ok(())
    })
    .await
}

#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::server::call_open(|_, session, _| async move {
        domain::auth::sign_out(&session).await?;
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}

#[server(endpoint = "auth/me")]
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    Ok(crate::server::request_principal().map(|p| p.current_user()))
}

#[server(endpoint = "auth/impersonate")]
pub async fn impersonate(user_id: i32) -> Result<(), AppError> {
    crate::server::call_open(|db, session, principal| async move {
        let staff = principal.ok_or(AppError::Unauthorized)?;
        domain::auth::impersonate(&db, &session, &staff, user_id).await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

#[server(endpoint = "auth/stop-impersonating")]
pub async fn stop_impersonating() -> Result<(), AppError> {
    crate::server::call_open(|db, session, principal| async move {
        let principal = principal.ok_or(AppError::Unauthorized)?;
        domain::auth::stop_impersonating(&db, &session, &principal).await?;
        leptos_axum::redirect(model::routes::CLIENTS);
        Ok(())
    })
    .await
}
