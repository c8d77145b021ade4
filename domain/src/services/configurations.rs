//! The configuration tab and "Change configuration".

use super::client_detail::require_client;
use crate::audit::{self, Actor, Change};
use crate::entities::{client, configuration};
use chrono::Utc;
use model::configurations::{ConfigurationTab, ConfigurationView};
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, QueryOrder, QuerySelect};

fn view(c: configuration::Model) -> ConfigurationView {
    ConfigurationView {
        id: c.id,
        name: c.name,
        description: c.description,
        is_default: c.is_default,
        credit_limit: c.credit_limit.get(),
        auto_suspend: c.auto_suspend,
        suspend_after_days: c.suspend_after_days,
        auto_terminate: c.auto_terminate,
        terminate_after_days: c.terminate_after_days,
        invoice_due_days: c.invoice_due_days,
    }
}

pub async fn tab(db: &DatabaseConnection, client_id: i32) -> Result<ConfigurationTab, AppError> {
    let c = require_client(db, client_id).await?;
    let all = configuration::Entity::find()
        .order_by_asc(configuration::Column::Name)
        .all(db)
        .await?;
    let choices = all.iter().map(|x| (x.id, x.name.clone())).collect();
    let current = all
        .into_iter()
        .find(|x| x.id == c.configuration_id)
        .ok_or(AppError::Internal)?;
    Ok(ConfigurationTab {
        current: view(current),
        choices,
    })
}

pub async fn change(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    configuration_id: i32,
) -> Result<(), AppError> {
    require_client(db, client_id).await?;
    let txn = sea_orm::TransactionTrait::begin(db).await?;
    change_in(&txn, actor, client_id, configuration_id).await?;
    txn.commit().await?;
    Ok(())
}

/// `change`, within the caller's transaction (a bulk run's): the client row is written
/// first, so the configuration it had is read under the write lock.
pub async fn change_in<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    client_id: i32,
    configuration_id: i32,
) -> Result<(), AppError> {
    if configuration::Entity::find_by_id(configuration_id)
        .one(conn)
        .await?
        .is_none()
    {
        return Err(AppError::invalid(
            "configuration_id",
            "Choose a configuration.",
        ));
    }
    let before: Option<i32> = client::Entity::find_by_id(client_id)
        .select_only()
        .column(client::Column::ConfigurationId)
        .into_tuple()
        .one(conn)
        .await?;
    let before = before.ok_or_else(|| AppError::NotFound(format!("Client {client_id}")))?;
    if before == configuration_id {
        return Err(AppError::invalid(
            "configuration_id",
            "The client already has this configuration.",
        ));
    }
    client::Entity::update_many()
        .col_expr(
            client::Column::ConfigurationId,
            Expr::value(configuration_id),
        )
        .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(client::Column::Id.eq(client_id))
        .filter(client::Column::ConfigurationId.eq(before))
        .exec(conn)
        .await?;
    audit::record(
        conn,
        actor,
        Change {
            action: "client.change_configuration",
            entity: "client",
            entity_id: Some(client_id),
            client_id: Some(client_id),
            changes: serde_json::json!({
                "configuration_id": { "from": before, "to": configuration_id }
            }),
        },
    )
    .await?;
    Ok(())
}
