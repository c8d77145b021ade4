//! A client's journal: where money came from and where it went.

use super::client_detail::{name_of, paged, require_client};
use crate::entities::{client, invoice, journal_entry};
use model::billing::{JournalDetail, JournalRow};
use model::client_detail::Page;
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::QueryOrder;

pub fn journal_row(m: &journal_entry::Model) -> JournalRow {
    JournalRow {
        id: m.id,
        entry_date: m.entry_date,
        source: m.source,
        destination: m.destination,
        gateway: m.gateway.clone(),
        amount: m.amount.get(),
        currency: m.currency.clone(),
    }
}

/// Newest first.
pub async fn list(
    db: &DatabaseConnection,
    client_id: i32,
    page: u64,
) -> Result<Page<JournalRow>, AppError> {
    require_client(db, client_id).await?;
    let q = journal_entry::Entity::find()
        .filter(journal_entry::Column::ClientId.eq(client_id))
        .order_by_desc(journal_entry::Column::EntryDate)
        .order_by_desc(journal_entry::Column::Id);
    paged(db, q, page, |m| journal_row(&m)).await
}

pub async fn get(db: &DatabaseConnection, entry_id: i32) -> Result<JournalDetail, AppError> {
    let m = journal_entry::Entity::find_by_id(entry_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Journal entry {entry_id}")))?;
    let client_name = match m.client_id {
        Some(id) => client::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| name_of(&c)),
        None => None,
    };
    let invoice = match m.invoice_id {
        Some(id) => invoice::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|i| (i.id, i.number)),
        None => None,
    };
    Ok(JournalDetail {
        row: journal_row(&m),
        description: m.description,
        client_id: m.client_id,
        client_name,
        invoice,
    })
}
