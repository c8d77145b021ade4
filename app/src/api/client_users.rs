//! The users tab and its actions.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use model::client_users::{UserOption, UsersTab};
use model::{AppError, Role};

#[server(endpoint = "client-users/tab")]
pub async fn get_users_tab(client_id: i32) -> Result<UsersTab, AppError> {
    crate::server::call(
        |cx| async move { domain::services::client_users::tab(&cx.db, client_id).await },
    )
    .await
}

#[server(endpoint = "client-users/candidates")]
pub async fn find_candidates(client_id: i32, query: String) -> Result<Vec<UserOption>, AppError> {
    crate::server::call(|cx| async move {
        domain::services::client_users::candidates(&cx.db, client_id, &query).await
    })
    .await
}

/// JSON in: an empty role list must arrive as one (and be refused with a message).
#[server(endpoint = "client-users/associate", input = Json)]
pub async fn associate_user(
    client_id: i32,
    user_id: i32,
    roles: Vec<Role>,
) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::client_users::associate(&cx.db, &cx.actor, client_id, user_id, roles)
            .await
    })
    .await
}

#[server(endpoint = "client-users/roles", input = Json)]
pub async fn set_user_roles(
    client_id: i32,
    user_id: i32,
    roles: Vec<Role>,
) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::client_users::set_roles(&cx.db, &cx.actor, client_id, user_id, roles)
            .await
    })
    .await
}

#[server(endpoint = "client-users/dissociate")]
pub async fn dissociate_user(client_id: i32, user_id: i32) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::client_users::dissociate(&cx.db, &cx.actor, client_id, user_id).await
    })
    .await
}
