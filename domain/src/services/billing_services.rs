//! A client's services (every product, the OpenStack one included) and the service page.

use super::client_detail::{name_of, offset, require_client};
use crate::entities::{
    domain_name, plan_change, pricing_plan, product, product_cycle, project, service,
};
use model::billing::{PlanChangeView, ServiceDetail, ServiceRow};
use model::client_detail::{Page, PER_PAGE};
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Rows for `services`: product names and cycles in two more queries.
async fn rows(
    db: &DatabaseConnection,
    services: Vec<service::Model>,
) -> Result<Vec<ServiceRow>, AppError> {
    let product_ids: Vec<i32> = services.iter().map(|s| s.product_id).collect();
    let cycle_ids: Vec<i32> = services.iter().filter_map(|s| s.cycle_id).collect();
    let products: HashMap<i32, product::Model> = product::Entity::find()
        .filter(product::Column::Id.is_in(product_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let cycles: HashMap<i32, product_cycle::Model> = product_cycle::Entity::find()
        .filter(product_cycle::Column::Id.is_in(cycle_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(services
        .into_iter()
        .map(|s| {
            let p = products.get(&s.product_id);
            let c = s.cycle_id.and_then(|id| cycles.get(&id));
            ServiceRow {
                id: s.id,
                display_name: s.display_name,
                product_name: p.map(|p| p.name.clone()).unwrap_or_default(),
                product_type: p.map_or(model::ProductType::Generic, |p| p.product_type),
                cycle: c.map(|c| c.cycle),
                price: c.map(|c| c.price.get()),
                currency: c.map(|c| c.currency.clone()),
                status: s.status,
                next_due_date: s.next_due_date,
                created_at: s.created_at,
            }
        })
        .collect())
}

pub async fn service_row(
    db: &DatabaseConnection,
    s: service::Model,
) -> Result<ServiceRow, AppError> {
    rows(db, vec![s]).await?.pop().ok_or(AppError::Internal)
}

/// Newest first.
pub async fn list(
    db: &DatabaseConnection,
    client_id: i32,
    page: u64,
) -> Result<Page<ServiceRow>, AppError> {
    require_client(db, client_id).await?;
    let q = service::Entity::find().filter(service::Column::ClientId.eq(client_id));
    let total = q.clone().count(db).await?;
    let services = q
        .order_by_desc(service::Column::CreatedAt)
        .order_by_desc(service::Column::Id)
        .offset(offset(page))
        .limit(PER_PAGE)
        .all(db)
        .await?;
    Ok(Page {
        rows: rows(db, services).await?,
        total,
        page: model::paging::clamp(page),
    })
}

pub async fn get(db: &DatabaseConnection, service_id: i32) -> Result<ServiceDetail, AppError> {
    let s = service::Entity::find_by_id(service_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Service {service_id}")))?;
    let c = require_client(db, s.client_id).await?;
    let pricing_plan = match s.pricing_plan_id {
        Some(id) => pricing_plan::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| p.name),
        None => None,
    };
    let project = project::Entity::find()
        .filter(project::Column::ServiceId.eq(service_id))
        .one(db)
        .await?
        .map(|p| (p.id, p.name));
    let domain = domain_name::Entity::find()
        .filter(domain_name::Column::ServiceId.eq(service_id))
        .one(db)
        .await?
        .map(|d| (d.id, d.name));
    let plan_changes = plan_change::Entity::find()
        .filter(plan_change::Column::ServiceId.eq(service_id))
        .order_by_desc(plan_change::Column::ChangedAt)
        .order_by_desc(plan_change::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| PlanChangeView {
            from: c.from_plan_name,
            to: c.to_plan_name,
            changed_at: c.changed_at,
        })
        .collect();
    let (updated_at, terminated_at) = (s.updated_at, s.terminated_at);
    Ok(ServiceDetail {
        row: service_row(db, s).await?,
        client_id: c.id,
        client_name: name_of(&c),
        pricing_plan,
        updated_at,
        terminated_at,
        project,
        domain,
        plan_changes,
    })
}

/// The number of services a client has (for tests and counts).
pub async fn count(db: &DatabaseConnection, client_id: i32) -> Result<u64, AppError> {
    Ok(service::Entity::find()
        .filter(service::Column::ClientId.eq(client_id))
        .select_only()
        .column(service::Column::Id)
        .count(db)
        .await?)
}
