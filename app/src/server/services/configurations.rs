//! The configuration tab and "Change configuration".

use super::client_detail::require_client;
use crate::model::configurations::{ConfigurationTab, ConfigurationView};
use crate::model::AppError;
use crate::server::audit::{self, Actor, Change};
use crate::server::entities::{client, configuration};
use chrono::Utc;
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::QueryOrder;

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
    let c = require_client(db, client_id).await?;
    if configuration::Entity::find_by_id(configuration_id)
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::invalid(
            "configuration_id",
            "Choose a configuration.",
        ));
    }
    if c.configuration_id == configuration_id {
        return Err(AppError::invalid(
            "configuration_id",
            "The client already has this configuration.",
        ));
    }
    let txn = sea_orm::TransactionTrait::begin(db).await?;
    client::Entity::update_many()
        .col_expr(
            client::Column::ConfigurationId,
            Expr::value(configuration_id),
        )
        .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(client::Column::Id.eq(client_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        Change {
            action: "client.change_configuration",
            entity: "client",
            entity_id: Some(client_id),
            client_id: Some(client_id),
            changes: serde_json::json!({
                "configuration_id": { "from": c.configuration_id, "to": configuration_id }
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
