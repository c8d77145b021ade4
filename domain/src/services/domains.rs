//! A client's domains, the domain page, and "Register domain" (domain + service + invoice in
//! one transaction).

use super::client_detail::{lock_client, name_of, paged, require_client};
use super::invoices::{self, Line};
use super::lifecycle::recompute_status;
use crate::audit::{self, Actor, Change};
use crate::entities::{domain_name, product, product_cycle, product_tld, service};
use crate::error::unique_or_internal;
use chrono::{Months, Utc};
use model::client_detail::Page;
use model::domains::{DomainDetail, DomainRow, Registration, MAX_YEARS};
use model::status::NewWork;
use model::{AppError, BillingCycle, DomainStatus, FieldError, ServiceStatus};
use rust_decimal::Decimal;
use sea_orm::prelude::*;
use sea_orm::{QueryOrder, Set};

fn row(m: &domain_name::Model) -> DomainRow {
    DomainRow {
        id: m.id,
        name: m.name.clone(),
        status: m.status,
        expires_at: m.expires_at,
        created_at: m.created_at,
    }
}

/// Newest first.
pub async fn list(
    db: &DatabaseConnection,
    client_id: i32,
    page: u64,
) -> Result<Page<DomainRow>, AppError> {
    require_client(db, client_id).await?;
    let q = domain_name::Entity::find()
        .filter(domain_name::Column::ClientId.eq(client_id))
        .order_by_desc(domain_name::Column::CreatedAt)
        .order_by_desc(domain_name::Column::Id);
    paged(db, q, page, |m| row(&m)).await
}

pub async fn get(db: &DatabaseConnection, domain_id: i32) -> Result<DomainDetail, AppError> {
    let m = domain_name::Entity::find_by_id(domain_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Domain {domain_id}")))?;
    let c = require_client(db, m.client_id).await?;
    let service = match m.service_id {
        Some(id) => service::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|s| (s.id, s.display_name)),
        None => None,
    };
    Ok(DomainDetail {
        row: row(&m),
        client: (c.id, name_of(&c)),
        registered_at: m.registered_at,
        auto_renew: m.auto_renew,
        service,
    })
}

/// The label's rules (RFC 1035 host names, lower case): 1 to 63 of a-z, 0-9 and '-', not
/// starting or ending with '-'.
pub fn check_label(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("Enter the domain name.");
    }
    if name.contains('.') {
        return Err("Enter the name without the TLD (choose the TLD separately).");
    }
    if name.len() > 63 {
        return Err("A domain name has at most 63 characters.");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err("Use only letters a-z, digits and hyphens.");
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err("A domain name cannot start or end with a hyphen.");
    }
    Ok(())
}

/// The TLDs a product on sale sells: what "Register domain" offers (and accepts).
fn on_sale() -> sea_orm::Select<product_tld::Entity> {
    product_tld::Entity::find()
        .inner_join(product::Entity)
        .filter(product::Column::Enabled.eq(true))
}

/// The TLDs "Register domain" offers, in order.
pub async fn tlds<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, AppError> {
    Ok(on_sale()
        .order_by_asc(product_tld::Column::Tld)
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tld)
        .collect())
}

pub async fn register(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    name: &str,
    tld: &str,
    years: u32,
) -> Result<Registration, AppError> {
    let name = name.trim().to_ascii_lowercase();
    let mut errors = Vec::new();
    if let Err(m) = check_label(&name) {
        errors.push(FieldError {
            field: "name".into(),
            message: m.into(),
        });
    }
    let sold_by = on_sale()
        .filter(product_tld::Column::Tld.eq(tld))
        .one(db)
        .await?
        .map(|t| t.product_id);
    if sold_by.is_none() {
        errors.push(FieldError {
            field: "tld".into(),
            message: "Choose a TLD from the list.".into(),
        });
    }
    if !(1..=MAX_YEARS).contains(&years) {
        errors.push(FieldError {
            field: "years".into(),
            message: format!("Register for 1 to {MAX_YEARS} years."),
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let full = format!("{name}.{tld}");
    let tld = tld.to_owned();
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            let c = lock_client(txn, client_id).await?;
            if let Some(refusal) = c.status.refuses(NewWork::Service) {
                return Err(AppError::Conflict(refusal));
            }
            let taken = || AppError::invalid("name", format!("{full} is already registered."));
            if domain_name::Entity::find()
                .filter(domain_name::Column::Name.eq(full.clone()))
                .one(txn)
                .await?
                .is_some()
            {
                return Err(taken());
            }
            let product = product::Entity::find_by_id(sold_by.unwrap_or_default())
                .one(txn)
                .await?
                .ok_or_else(|| AppError::Conflict(format!("No product sells .{tld} domains.")))?;
            let cycle = product_cycle::Entity::find()
                .filter(product_cycle::Column::ProductId.eq(product.id))
                .filter(product_cycle::Column::Cycle.eq(BillingCycle::Annually))
                .filter(product_cycle::Column::Currency.eq(c.currency.clone()))
                .one(txn)
                .await?
                .ok_or_else(|| {
                    AppError::Conflict(format!(
                        "There is no {} price for .{tld} domains.",
                        c.currency
                    ))
                })?;
            let now = Utc::now();
            let today = now.date_naive();
            // Pending until its invoice is paid.
            let s = service::ActiveModel {
                client_id: Set(c.id),
                product_id: Set(product.id),
                cycle_id: Set(Some(cycle.id)),
                pricing_plan_id: Set(None),
                display_name: Set(full.clone()),
                status: Set(ServiceStatus::Pending),
                next_due_date: Set(today.checked_add_months(Months::new(12 * years))),
                suspended_with_client: Set(false),
                is_openstack: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                terminated_at: Set(None),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            let d = domain_name::ActiveModel {
                client_id: Set(c.id),
                service_id: Set(Some(s.id)),
                name: Set(full.clone()),
                status: Set(DomainStatus::Pending),
                registered_at: Set(Some(today)),
                expires_at: Set(today.checked_add_months(Months::new(12 * years))),
                auto_renew: Set(true),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await
            // Two registrations racing past the check above: the unique index decides, and
            // the loser's transaction (its service too) is rolled back before any invoice.
            .map_err(|e| unique_or_internal(e, taken))?;
            let plural = if years == 1 { "year" } else { "years" };
            let mut lines = vec![Line {
                service_id: Some(s.id),
                description: format!("Domain registration {full} ({years} {plural})"),
                quantity: Decimal::from(years),
                unit_price: cycle.price.get(),
            }];
            if cycle.setup_fee.get() > Decimal::ZERO {
                lines.push(Line {
                    service_id: Some(s.id),
                    description: format!("Setup fee {full}"),
                    quantity: Decimal::ONE,
                    unit_price: cycle.setup_fee.get(),
                });
            }
            let inv = invoices::insert(txn, &c, &lines, None).await?;
            audit::record(
                txn,
                &actor,
                Change {
                    action: "domain.register",
                    entity: "domain",
                    entity_id: Some(d.id),
                    client_id: Some(c.id),
                    changes: serde_json::json!({ "domain": full, "years": years, "invoice": inv.number }),
                },
            )
            .await?;
            recompute_status(txn, c.id).await?;
            Ok(Registration {
                domain_id: d.id,
                service_id: s.id,
                invoice_id: inv.id,
            })
        })
    }).await
}
