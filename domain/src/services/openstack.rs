//! A client's OpenStack service: the tab, "Change pricing plan", "Terminate service", and
//! creating one for a client without it.

use super::client_detail::{lock_client, require_client};
use super::lifecycle::recompute_status;
use crate::audit::{self, Actor, Change};
use crate::entities::{
    client, plan_change, pricing_plan, product, product_cycle, project, service,
};
use crate::error::unique_or_internal;
use crate::jobs;
use chrono::{Duration, Utc};
use model::cloud::{OpenstackService, OpenstackTab, PlanOption};
use model::status::NewWork;
use model::{AppError, BillingCycle, ClientStatus, ProductType, ServiceStatus};
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, QueryOrder, QuerySelect, Set};

fn plan_option(p: pricing_plan::Model) -> PlanOption {
    PlanOption {
        id: p.id,
        name: p.name,
        currency: p.currency,
        is_default: p.is_default,
    }
}

/// The client's OpenStack services, live ones first, then newest.
async fn openstack_services<C: ConnectionTrait>(
    conn: &C,
    client_id: i32,
) -> Result<Vec<service::Model>, AppError> {
    let mut all = service::Entity::find()
        .join(
            sea_orm::JoinType::InnerJoin,
            service::Entity::belongs_to(product::Entity)
                .from(service::Column::ProductId)
                .to(product::Column::Id)
                .into(),
        )
        .filter(service::Column::ClientId.eq(client_id))
        .filter(product::Column::ProductType.eq(ProductType::Openstack))
        .order_by_desc(service::Column::Id)
        .all(conn)
        .await?;
    all.sort_by_key(|s| !s.status.is_live());
    Ok(all)
}

async fn plans<C: ConnectionTrait>(conn: &C, currency: &str) -> Result<Vec<PlanOption>, AppError> {
    Ok(pricing_plan::Entity::find()
        .filter(pricing_plan::Column::Currency.eq(currency))
        .order_by_asc(pricing_plan::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(plan_option)
        .collect())
}

pub async fn tab(db: &DatabaseConnection, client_id: i32) -> Result<OpenstackTab, AppError> {
    let c = require_client(db, client_id).await?;
    let service = match openstack_services(db, client_id).await?.into_iter().next() {
        None => None,
        Some(s) => {
            let product_name = product::Entity::find_by_id(s.product_id)
                .one(db)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            let cycle = match s.cycle_id {
                Some(id) => product_cycle::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .map(|c| c.cycle),
                None => None,
            };
            let pricing_plan = match s.pricing_plan_id {
                Some(id) => pricing_plan::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .map(plan_option),
                None => None,
            };
            let project = project::Entity::find()
                .filter(project::Column::ServiceId.eq(s.id))
                .one(db)
                .await?;
            Some(OpenstackService {
                service_id: s.id,
                service_name: s.display_name,
                status: s.status,
                product_name,
                cycle,
                pricing_plan,
                project_domain_id: project.as_ref().map(|p| p.project_domain_id.clone()),
                project: project.map(|p| (p.id, p.name)),
            })
        }
    };
    Ok(OpenstackTab {
        service,
        plans: plans(db, &c.currency).await?,
    })
}

/// A live OpenStack service, or why not.
async fn live_service<C: ConnectionTrait>(
    conn: &C,
    service_id: i32,
) -> Result<service::Model, AppError> {
    let s = service::Entity::find_by_id(service_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Service {service_id}")))?;
    let kind = product::Entity::find_by_id(s.product_id)
        .one(conn)
        .await?
        .map(|p| p.product_type);
    if kind != Some(ProductType::Openstack) {
        return Err(AppError::BadRequest(
            "This is not an OpenStack service.".into(),
        ));
    }
    if !s.status.is_live() {
        return Err(AppError::Conflict(format!(
            "The service is {}.",
            s.status.label().to_lowercase()
        )));
    }
    Ok(s)
}

/// A plan the client can be billed under (its currency), or a message on `plan_id`.
async fn usable_plan<C: ConnectionTrait>(
    conn: &C,
    c: &client::Model,
    plan_id: i32,
) -> Result<pricing_plan::Model, AppError> {
    let plan = pricing_plan::Entity::find_by_id(plan_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::invalid("plan_id", "Choose a pricing plan."))?;
    if plan.currency != c.currency {
        return Err(AppError::invalid(
            "plan_id",
            format!(
                "The plan bills in {}, the client in {}.",
                plan.currency, c.currency
            ),
        ));
    }
    Ok(plan)
}

/// Moves the service to another pricing plan and records the change in its plan history.
pub async fn change_plan(
    db: &DatabaseConnection,
    actor: &Actor,
    service_id: i32,
    plan_id: i32,
) -> Result<(), AppError> {
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            let s = live_service(txn, service_id).await?;
            let c = require_client(txn, s.client_id).await?;
            let plan = usable_plan(txn, &c, plan_id).await?;
            if s.pricing_plan_id == Some(plan.id) {
                return Err(AppError::invalid(
                    "plan_id",
                    "The service already uses this plan.",
                ));
            }
            let now = Utc::now();
            service::Entity::update_many()
                .col_expr(service::Column::PricingPlanId, Expr::value(Some(plan.id)))
                .col_expr(service::Column::UpdatedAt, Expr::value(now))
                .filter(service::Column::Id.eq(service_id))
                .exec(txn)
                .await?;
            let from = match s.pricing_plan_id {
                Some(id) => pricing_plan::Entity::find_by_id(id).one(txn).await?,
                None => None,
            };
            audit::record(
                txn,
                &actor,
                Change {
                    action: "service.change_plan",
                    entity: "service",
                    entity_id: Some(service_id),
                    client_id: Some(c.id),
                    changes: serde_json::json!({ "pricing_plan": { "from": from.as_ref().map(|p| p.name.clone()), "to": plan.name.clone() } }),
                },
            )
            .await?;
            plan_change::ActiveModel {
                service_id: Set(service_id),
                from_plan_id: Set(from.as_ref().map(|p| p.id)),
                to_plan_id: Set(Some(plan.id)),
                from_plan_name: Set(from.map_or_else(|| "none".to_owned(), |p| p.name)),
                to_plan_name: Set(plan.name),
                changed_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok(())
        })
    }).await
}

/// Terminates the service and disables its project; the client's status is recomputed.
pub async fn terminate(
    db: &DatabaseConnection,
    actor: &Actor,
    service_id: i32,
) -> Result<ClientStatus, AppError> {
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            let s = live_service(txn, service_id).await?;
            let now = Utc::now();
            // Guarded: of two concurrent terminations only one changes the row.
            let done = service::Entity::update_many()
                .col_expr(
                    service::Column::Status,
                    Expr::value(ServiceStatus::Terminated),
                )
                .col_expr(service::Column::TerminatedAt, Expr::value(Some(now)))
                .col_expr(service::Column::SuspendedWithClient, Expr::value(false))
                .col_expr(service::Column::NextDueDate, Expr::value(None::<Date>))
                .col_expr(service::Column::UpdatedAt, Expr::value(now))
                .filter(service::Column::Id.eq(service_id))
                .filter(service::Column::Status.is_not_in(ServiceStatus::ENDED))
                .exec(txn)
                .await?;
            if done.rows_affected != 1 {
                return Err(AppError::Conflict(
                    "The service is already terminated.".into(),
                ));
            }
            project::Entity::update_many()
                .col_expr(project::Column::Disabled, Expr::value(true))
                .filter(project::Column::ServiceId.eq(service_id))
                .exec(txn)
                .await?;
            audit::record(
                txn,
                &actor,
                Change {
                    action: "service.terminate",
                    entity: "service",
                    entity_id: Some(service_id),
                    client_id: Some(s.client_id),
                    changes: serde_json::json!({ "service": s.display_name, "status": { "from": s.status, "to": ServiceStatus::Terminated } }),
                },
            )
            .await?;
            recompute_status(txn, s.client_id).await
        })
    }).await
}

/// Creates an active OpenStack service on `plan_id` with its (empty) project, for a client
/// that has no live one.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    plan_id: i32,
) -> Result<i32, AppError> {
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            let c = lock_client(txn, client_id).await?;
            if let Some(refusal) = c.status.refuses(NewWork::Service) {
                return Err(AppError::Conflict(refusal));
            }
            let taken = || {
                AppError::invalid("plan_id", "The client already has an OpenStack service.")
            };
            if openstack_services(txn, client_id)
                .await?
                .iter()
                .any(|s| s.status.is_live())
            {
                return Err(taken());
            }
            let plan = usable_plan(txn, &c, plan_id).await?;
            let product = product::Entity::find()
                .filter(product::Column::ProductType.eq(ProductType::Openstack))
                .filter(product::Column::Enabled.eq(true))
                .order_by_asc(product::Column::Id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::Conflict("No OpenStack product is on sale.".into()))?;
            let cycle = product_cycle::Entity::find()
                .filter(product_cycle::Column::ProductId.eq(product.id))
                .filter(product_cycle::Column::Currency.eq(c.currency.clone()))
                .order_by_asc(product_cycle::Column::Id)
                .one(txn)
                .await?;
            let now = Utc::now();
            let next_due = match cycle.as_ref().map(|c| c.cycle) {
                Some(BillingCycle::Monthly) => Some(now.date_naive() + Duration::days(30)),
                Some(BillingCycle::Quarterly) => Some(now.date_naive() + Duration::days(91)),
                Some(BillingCycle::Annually) => Some(now.date_naive() + Duration::days(365)),
                _ => None,
            };
            let s = service::ActiveModel {
                client_id: Set(c.id),
                product_id: Set(product.id),
                cycle_id: Set(cycle.map(|c| c.id)),
                pricing_plan_id: Set(Some(plan.id)),
                display_name: Set(product.name.clone()),
                status: Set(ServiceStatus::Active),
                next_due_date: Set(next_due),
                suspended_with_client: Set(false),
                is_openstack: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                terminated_at: Set(None),
                ..Default::default()
            }
            .insert(txn)
            .await
            // A concurrent creation passed the check above first: the unique index decides.
            .map_err(|e| unique_or_internal(e, taken))?;
            // New projects join the domain most projects are in (the deployment's default).
            let domain_id = project::Entity::find()
                .order_by_asc(project::Column::Id)
                .one(txn)
                .await?
                .map_or_else(|| "default".to_owned(), |p| p.project_domain_id);
            project::ActiveModel {
                client_id: Set(c.id),
                service_id: Set(Some(s.id)),
                // The cloud project is created by the job enqueued below.
                openstack_id: Set(crate::openstack::pending_id()),
                project_domain_id: Set(domain_id),
                name: Set(format!("{} project", super::client_detail::name_of(&c))),
                disabled: Set(false),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            audit::record(
                txn,
                &actor,
                Change {
                    action: "service.create",
                    entity: "service",
                    entity_id: Some(s.id),
                    client_id: Some(c.id),
                    changes: serde_json::json!({ "product": s.display_name, "pricing_plan_id": plan_id }),
                },
            )
            .await?;
            recompute_status(txn, c.id).await?;
            // Creates the cloud project (after any earlier job of the client).
            jobs::enqueue(txn, jobs::JobKind::ResumeClient, c.id, Utc::now()).await?;
            Ok(s.id)
        })
    }).await
}
