//! What a dashboard card or row (and an export line) shows of a client beyond its own
//! columns, read for a whole page at once.

use crate::entities::{
    client, client_group, client_group_member, configuration, instance, project, service,
};
use model::client::ClientSummary;
use model::{AppError, ServiceStatus};
use sea_orm::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Adds what a card or row shows beyond the client's own columns: configuration name, group
/// names, live service and instance counts, pinned notes. Five queries whatever the page size.
pub async fn summaries(
    db: &DatabaseConnection,
    rows: Vec<client::Model>,
) -> Result<Vec<ClientSummary>, AppError> {
    summarise(db, rows, true).await
}

/// The same without the pinned notes (an export has no place for them): four queries.
pub async fn summaries_without_notes(
    db: &DatabaseConnection,
    rows: Vec<client::Model>,
) -> Result<Vec<ClientSummary>, AppError> {
    summarise(db, rows, false).await
}

async fn summarise(
    db: &DatabaseConnection,
    rows: Vec<client::Model>,
    with_notes: bool,
) -> Result<Vec<ClientSummary>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|c| c.id).collect();
    let mut config_ids: Vec<i32> = rows.iter().map(|c| c.configuration_id).collect();
    config_ids.sort_unstable();
    config_ids.dedup();

    let configs: HashMap<i32, String> = configuration::Entity::find()
        .filter(configuration::Column::Id.is_in(config_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();

    let group_names: Vec<(i32, String)> = client_group_member::Entity::find()
        .select_only()
        .column(client_group_member::Column::ClientId)
        .column(client_group::Column::Name)
        .join(
            sea_orm::JoinType::InnerJoin,
            client_group_member::Entity::belongs_to(client_group::Entity)
                .from(client_group_member::Column::GroupId)
                .to(client_group::Column::Id)
                .into(),
        )
        .filter(client_group_member::Column::ClientId.is_in(ids.clone()))
        .order_by_asc(client_group::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    let mut groups: HashMap<i32, Vec<String>> = HashMap::new();
    for (client_id, name) in group_names {
        groups.entry(client_id).or_default().push(name);
    }

    let services: HashMap<i32, i64> = service::Entity::find()
        .select_only()
        .column(service::Column::ClientId)
        .column_as(service::Column::Id.count(), "n")
        .filter(service::Column::ClientId.is_in(ids.clone()))
        .filter(service::Column::Status.is_not_in(ServiceStatus::ENDED))
        .group_by(service::Column::ClientId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    let instances: HashMap<i32, i64> = instance::Entity::find()
        .select_only()
        .column(project::Column::ClientId)
        .column_as(instance::Column::Id.count(), "n")
        .join(
            sea_orm::JoinType::InnerJoin,
            instance::Entity::belongs_to(project::Entity)
                .from(instance::Column::ProjectId)
                .to(project::Column::Id)
                .into(),
        )
        .filter(project::Column::ClientId.is_in(ids.clone()))
        .group_by(project::Column::ClientId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    let mut pinned_notes = if with_notes {
        super::notes::pinned_of_clients(db, ids).await?
    } else {
        Default::default()
    };

    Ok(rows
        .into_iter()
        .map(|c| ClientSummary {
            configuration: configs
                .get(&c.configuration_id)
                .cloned()
                .unwrap_or_default(),
            groups: groups.remove(&c.id).unwrap_or_default(),
            services: services.get(&c.id).copied().unwrap_or(0) as u64,
            instances: instances.get(&c.id).copied().unwrap_or(0) as u64,
            id: c.id,
            company: c.company,
            first_name: c.first_name,
            last_name: c.last_name,
            email: c.email,
            phone: c.phone,
            country: c.country,
            city: c.city,
            status: c.status,
            currency: c.currency,
            uptodate_credit: c.uptodate_credit.get(),
            credit_balance: c.credit_balance.get(),
            billing_agreement: c.billing_agreement,
            tax_exempt: c.tax_exempt,
            vat_id: c.vat_id,
            created_at: c.created_at,
            lifecycle_error: c.lifecycle_error,
            pinned_notes: pinned_notes.remove(&c.id).unwrap_or_default(),
            matched: None,
        })
        .collect())
}
