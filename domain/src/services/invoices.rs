//! A client's invoices: the list, one invoice with its items and payments, and "Add invoice".

use super::client_detail::{lock_client, name_of, paged, require_client};
use super::journal::journal_row;
use super::tax;
use crate::audit::{self, Actor, Change};
use crate::entities::{client, configuration, invoice, invoice_item, journal_entry};
use crate::money::Amount;
use chrono::{Duration, NaiveDate, Utc};
use model::billing::{
    InvoiceDetail, InvoiceItemView, InvoiceRow, InvoiceTone, NewInvoice, NewInvoiceItem,
};
use model::client_detail::Page;
use model::status::NewWork;
use model::{AppError, FieldError, InvoiceStatus};
use rust_decimal::Decimal;
use sea_orm::prelude::*;
use sea_orm::{ConnectionTrait, QueryOrder, Set};
use std::str::FromStr;

pub fn invoice_row(m: &invoice::Model, today: NaiveDate) -> InvoiceRow {
    InvoiceRow {
        id: m.id,
        number: m.number.clone(),
        issue_date: m.issue_date,
        due_date: m.due_date,
        paid_at: m.paid_at,
        total: m.total.get(),
        currency: m.currency.clone(),
        status: m.status,
        tone: InvoiceTone::of(m.status, m.due_date, today),
    }
}

/// Newest first.
pub async fn list(
    db: &DatabaseConnection,
    client_id: i32,
    page: u64,
) -> Result<Page<InvoiceRow>, AppError> {
    require_client(db, client_id).await?;
    let today = Utc::now().date_naive();
    let q = invoice::Entity::find()
        .filter(invoice::Column::ClientId.eq(client_id))
        .order_by_desc(invoice::Column::IssueDate)
        .order_by_desc(invoice::Column::Id);
    paged(db, q, page, |m| invoice_row(&m, today)).await
}

pub async fn get(db: &DatabaseConnection, invoice_id: i32) -> Result<InvoiceDetail, AppError> {
    let m = invoice::Entity::find_by_id(invoice_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Invoice {invoice_id}")))?;
    let items = invoice_item::Entity::find()
        .filter(invoice_item::Column::InvoiceId.eq(invoice_id))
        .order_by_asc(invoice_item::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| InvoiceItemView {
            description: i.description,
            quantity: i.quantity.get(),
            unit_price: i.unit_price.get(),
            amount: i.amount.get(),
            service_id: i.service_id,
        })
        .collect();
    let payments = journal_entry::Entity::find()
        .filter(journal_entry::Column::InvoiceId.eq(invoice_id))
        .order_by_asc(journal_entry::Column::EntryDate)
        .all(db)
        .await?
        .iter()
        .map(journal_row)
        .collect();
    Ok(InvoiceDetail {
        row: invoice_row(&m, Utc::now().date_naive()),
        client_id: m.client_id,
        client_name: m.client_name,
        tax_rate: m.tax_rate.get(),
        subtotal: m.subtotal.get(),
        tax_total: m.tax_total.get(),
        items,
        payments,
    })
}

/// One checked invoice line.
#[derive(Clone, Debug)]
pub struct Line {
    pub service_id: Option<i32>,
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
}

fn parse_amount(text: &str) -> Result<Decimal, &'static str> {
    let d = Decimal::from_str(text.trim()).map_err(|_| "Enter a number, e.g. 12.50.")?;
    Amount::new(d).map_err(|e| match e {
        crate::money::AmountError::TooPrecise(_) => "Use at most 4 decimal places.",
        crate::money::AmountError::TooLarge(_) => "That number is too large.",
    })?;
    Ok(d)
}

/// Checks the submitted lines and due date; every problem is reported against its field
/// (`items`, `items.<n>.description|quantity|unit_price`, `due_date`).
pub fn validate(
    input: &NewInvoice,
    today: NaiveDate,
) -> Result<(Vec<Line>, Option<NaiveDate>), AppError> {
    let mut errors = Vec::new();
    let mut err = |field: String, message: &str| {
        errors.push(FieldError {
            field,
            message: message.to_owned(),
        })
    };
    let mut lines = Vec::new();
    if input.items.is_empty() {
        err("items".into(), "Add at least one item.");
    }
    for (
        n,
        NewInvoiceItem {
            description,
            quantity,
            unit_price,
        },
    ) in input.items.iter().enumerate()
    {
        let description = description.trim();
        if description.is_empty() {
            err(format!("items.{n}.description"), "Describe the item.");
        } else if description.chars().count() > 200 {
            err(
                format!("items.{n}.description"),
                "Keep it under 200 characters.",
            );
        }
        let q = match parse_amount(quantity) {
            Ok(q) if q <= Decimal::ZERO => {
                err(
                    format!("items.{n}.quantity"),
                    "The quantity must be more than 0.",
                );
                None
            }
            Ok(q) => Some(q),
            Err(m) => {
                err(format!("items.{n}.quantity"), m);
                None
            }
        };
        let p = match parse_amount(unit_price) {
            Ok(p) if p < Decimal::ZERO => {
                err(
                    format!("items.{n}.unit_price"),
                    "The unit price cannot be negative.",
                );
                None
            }
            Ok(p) => Some(p),
            Err(m) => {
                err(format!("items.{n}.unit_price"), m);
                None
            }
        };
        if let (Some(quantity), Some(unit_price)) = (q, p) {
            lines.push(Line {
                service_id: None,
                description: description.to_owned(),
                quantity,
                unit_price,
            });
        }
    }
    let due = input.due_date.trim();
    let due_date = if due.is_empty() {
        None
    } else {
        match NaiveDate::parse_from_str(due, "%Y-%m-%d") {
            Ok(d) if d < today => {
                err("due_date".into(), "The due date cannot be in the past.");
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                err("due_date".into(), "Enter a date as YYYY-MM-DD.");
                None
            }
        }
    };
    if errors.is_empty() {
        Ok((lines, due_date))
    } else {
        Err(AppError::Invalid(errors))
    }
}

fn amount(d: Decimal, field: &str) -> Result<Amount, AppError> {
    Amount::new(d).map_err(|_| AppError::invalid(field, "The amounts are too large."))
}

/// Writes an unpaid invoice with its lines for `c`, numbered `INV-<year>-<id>` like every
/// other invoice. Part of the caller's transaction.
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    c: &client::Model,
    lines: &[Line],
    due_date: Option<NaiveDate>,
) -> Result<invoice::Model, AppError> {
    let now = Utc::now();
    let today = now.date_naive();
    let due_date = match due_date {
        Some(d) => d,
        None => {
            let days = configuration::Entity::find_by_id(c.configuration_id)
                .one(conn)
                .await?
                .map_or(14, |x| x.invoice_due_days);
            today + Duration::days(i64::from(days))
        }
    };
    let rate = tax::rate_for(conn, c).await?;
    let mut amounts = Vec::with_capacity(lines.len());
    for (n, l) in lines.iter().enumerate() {
        // Each line must fit the storage before anything is summed or taxed.
        let a = tax::line_amount(l.quantity, l.unit_price)
            .filter(|a| Amount::new(*a).is_ok())
            .ok_or_else(|| {
                AppError::invalid(
                    &format!("items.{n}.unit_price"),
                    "That amount is too large.",
                )
            })?;
        amounts.push(a);
    }
    let t = tax::totals(&amounts, rate);
    // The number needs the id: insert under a unique placeholder, then number it.
    let placeholder = format!("PENDING-{}-{}", now.timestamp_micros(), fastrand::u64(..));
    let inv = invoice::ActiveModel {
        client_id: Set(Some(c.id)),
        client_name: Set(name_of(c)),
        number: Set(placeholder),
        status: Set(InvoiceStatus::Unpaid),
        currency: Set(c.currency.clone()),
        tax_rate: Set(amount(rate, "items")?),
        subtotal: Set(amount(t.subtotal, "items")?),
        tax_total: Set(amount(t.tax, "items")?),
        total: Set(amount(t.total, "items")?),
        issue_date: Set(today),
        due_date: Set(due_date),
        paid_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let number = format!("INV-{}-{:06}", today.format("%Y"), inv.id);
    invoice::Entity::update_many()
        .col_expr(invoice::Column::Number, Expr::value(number))
        .filter(invoice::Column::Id.eq(inv.id))
        .exec(conn)
        .await?;
    for (l, a) in lines.iter().zip(amounts) {
        invoice_item::ActiveModel {
            invoice_id: Set(inv.id),
            service_id: Set(l.service_id),
            description: Set(l.description.clone()),
            quantity: Set(amount(l.quantity, "items")?),
            unit_price: Set(amount(l.unit_price, "items")?),
            amount: Set(amount(a, "items")?),
            taxable: Set(!c.tax_exempt),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    invoice::Entity::find_by_id(inv.id)
        .one(conn)
        .await?
        .ok_or(AppError::Internal)
}

/// "Add invoice": validates, then writes the invoice and its items in one transaction.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    input: NewInvoice,
) -> Result<i32, AppError> {
    let (lines, due_date) = validate(&input, Utc::now().date_naive())?;
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            let c = lock_client(txn, client_id).await?;
            if let Some(refusal) = c.status.refuses(NewWork::Invoice) {
                return Err(AppError::Conflict(refusal));
            }
            let inv = insert(txn, &c, &lines, due_date).await?;
            audit::record(
                txn,
                &actor,
                Change {
                    action: "invoice.create",
                    entity: "invoice",
                    entity_id: Some(inv.id),
                    client_id: Some(client_id),
                    changes: serde_json::json!({ "number": inv.number, "total": inv.total.get(), "currency": inv.currency }),
                },
            )
            .await?;
            Ok(inv.id)
        })
    }).await
}
