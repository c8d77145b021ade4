//! A client's support tickets, the ticket page, and "Open ticket".

use super::client_detail::{lock_client, name_of, paged, require_client};
use crate::audit::{self, Actor, Change};
use crate::entities::{ticket, ticket_message};
use chrono::Utc;
use model::client_detail::Page;
use model::tickets::{TicketDetail, TicketMessageView, TicketRow};
use model::{AppError, FieldError, TicketDepartment, TicketPriority, TicketStatus};
use sea_orm::prelude::*;
use sea_orm::{QueryOrder, Set};

fn row(m: &ticket::Model) -> TicketRow {
    TicketRow {
        id: m.id,
        title: m.title.clone(),
        status: m.status,
        department: m.department,
        priority: m.priority,
        created_at: m.created_at,
    }
}

/// Newest first.
pub async fn list(
    db: &DatabaseConnection,
    client_id: i32,
    page: u64,
) -> Result<Page<TicketRow>, AppError> {
    require_client(db, client_id).await?;
    let q = ticket::Entity::find()
        .filter(ticket::Column::ClientId.eq(client_id))
        .order_by_desc(ticket::Column::CreatedAt)
        .order_by_desc(ticket::Column::Id);
    paged(db, q, page, |m| row(&m)).await
}

pub async fn get(db: &DatabaseConnection, ticket_id: i32) -> Result<TicketDetail, AppError> {
    let m = ticket::Entity::find_by_id(ticket_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Ticket {ticket_id}")))?;
    let c = require_client(db, m.client_id).await?;
    let messages = ticket_message::Entity::find()
        .filter(ticket_message::Column::TicketId.eq(ticket_id))
        .order_by_asc(ticket_message::Column::CreatedAt)
        .order_by_asc(ticket_message::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|x| TicketMessageView {
            author_name: x.author_name,
            is_staff: x.is_staff,
            body: x.body,
            created_at: x.created_at,
        })
        .collect();
    Ok(TicketDetail {
        row: row(&m),
        client: (c.id, name_of(&c)),
        updated_at: m.updated_at,
        messages,
    })
}

/// The title, department and first message, checked: every bad one gets its field message.
fn checked(
    title: &str,
    department: &str,
    message: &str,
) -> Result<(String, TicketDepartment, String), Vec<FieldError>> {
    let (title, message) = (title.trim().to_owned(), message.trim().to_owned());
    let mut errors = Vec::new();
    let mut err = |field: &str, m: &str| {
        errors.push(FieldError {
            field: field.into(),
            message: m.into(),
        })
    };
    if title.is_empty() {
        err("title", "Give the ticket a title.");
    } else if title.chars().count() > 200 {
        err("title", "Keep the title under 200 characters.");
    }
    let department = department.parse::<TicketDepartment>();
    if department.is_err() {
        err("department", "Choose a department.");
    }
    if message.is_empty() {
        err("message", "Write the first message.");
    } else if message.chars().count() > 10_000 {
        err("message", "Keep the message under 10,000 characters.");
    }
    match department {
        Ok(d) if errors.is_empty() => Ok((title, d, message)),
        _ => Err(errors),
    }
}

/// "Open ticket" as the forms send it. The tickets list has staff type the client ID, so a bad
/// or unknown one is a message on that field (with the others' messages), not a 404.
pub async fn open_from_form(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: &str,
    title: &str,
    department: &str,
    message: &str,
) -> Result<i32, AppError> {
    let Some(id) = client_id.trim().parse::<i32>().ok().filter(|id| *id > 0) else {
        let mut errors = vec![FieldError {
            field: "client_id".into(),
            message: "Enter the client's ID, a whole number such as 42.".into(),
        }];
        errors.extend(
            checked(title, department, message)
                .err()
                .unwrap_or_default(),
        );
        return Err(AppError::Invalid(errors));
    };
    match open(db, actor, id, title, department, message).await {
        Err(AppError::NotFound(_)) => Err(AppError::invalid(
            "client_id",
            format!("There is no client with ID {id}."),
        )),
        r => r,
    }
}

/// Opens a ticket for the client with its first message; returns the ticket's id.
pub async fn open(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    title: &str,
    department: &str,
    message: &str,
) -> Result<i32, AppError> {
    let (title, department, message) =
        checked(title, department, message).map_err(AppError::Invalid)?;
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            // The write lock first: read-then-write would fail as "database is locked" on
            // SQLite when another connection writes meanwhile (seen in the browser tests).
            lock_client(txn, client_id).await?;
            let now = Utc::now();
            let t = ticket::ActiveModel {
                client_id: Set(client_id),
                title: Set(title),
                status: Set(TicketStatus::Open),
                department: Set(department),
                priority: Set(TicketPriority::Medium),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            ticket_message::ActiveModel {
                ticket_id: Set(t.id),
                author_name: Set(actor.email.clone()),
                is_staff: Set(true),
                body: Set(message),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            audit::record(
                txn,
                &actor,
                Change {
                    action: "ticket.open",
                    entity: "ticket",
                    entity_id: Some(t.id),
                    client_id: Some(client_id),
                    changes: serde_json::json!({ "title": t.title, "department": t.department }),
                },
            )
            .await?;
            Ok(t.id)
        })
    })
    .await
}
