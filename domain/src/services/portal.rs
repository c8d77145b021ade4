//! The client portal: an end user's own client account, read-only.

use crate::entities::{client, client_user, invoice, service, ticket};
use model::client::display_name;
use model::portal::{PortalInvoice, PortalService, PortalTicket, PortalView};
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

/// Lists in the portal show the most recent rows.
const RECENT: u64 = 20;

/// The client account `user_id` belongs to (the earliest association when several).
pub async fn view(db: &DatabaseConnection, user_id: i32) -> Result<PortalView, AppError> {
    let membership = client_user::Entity::find()
        .filter(client_user::Column::UserId.eq(user_id))
        .order_by_asc(client_user::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("Client account for this user".into()))?;
    let c = client::Entity::find_by_id(membership.client_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("Client account for this user".into()))?;
    let services = service::Entity::find()
        .filter(service::Column::ClientId.eq(c.id))
        .order_by_asc(service::Column::Id)
        .limit(RECENT)
        .all(db)
        .await?;
    let invoices = invoice::Entity::find()
        .filter(invoice::Column::ClientId.eq(c.id))
        .order_by_desc(invoice::Column::IssueDate)
        .order_by_desc(invoice::Column::Id)
        .limit(RECENT)
        .all(db)
        .await?;
    let tickets = ticket::Entity::find()
        .filter(ticket::Column::ClientId.eq(c.id))
        .order_by_desc(ticket::Column::CreatedAt)
        .limit(RECENT)
        .all(db)
        .await?;
    Ok(PortalView {
        client_name: display_name(&c.company, &c.first_name, &c.last_name),
        email: c.email,
        status: c.status,
        currency: c.currency,
        credit: c.uptodate_credit.get(),
        services: services
            .into_iter()
            .map(|s| PortalService {
                name: s.display_name,
                status: s.status,
                next_due_date: s.next_due_date,
            })
            .collect(),
        invoices: invoices
            .into_iter()
            .map(|i| PortalInvoice {
                number: i.number,
                status: i.status,
                total: i.total.get(),
                due_date: i.due_date,
            })
            .collect(),
        tickets: tickets
            .into_iter()
            .map(|t| PortalTicket {
                id: t.id,
                title: t.title,
                status: t.status,
                created_at: t.created_at,
            })
            .collect(),
    })
}
