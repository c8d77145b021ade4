//! The Activity tab: a client's audit entries, newest first.

use super::client_detail::{paged, require_client};
use crate::entities::audit_entry;
use model::activity::ActivityEntry;
use model::client_detail::Page;
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::QueryOrder;

pub async fn list(
    db: &DatabaseConnection,
    client_id: i32,
    page: u64,
) -> Result<Page<ActivityEntry>, AppError> {
    require_client(db, client_id).await?;
    let q = audit_entry::Entity::find()
        .filter(audit_entry::Column::ClientId.eq(client_id))
        .order_by_desc(audit_entry::Column::At)
        .order_by_desc(audit_entry::Column::Id);
    paged(db, q, page, |e| ActivityEntry {
        id: e.id,
        at: e.at,
        actor: e.actor_email,
        action: e.action,
        entity: e.entity,
        entity_id: e.entity_id,
        changes: e.changes,
    })
    .await
}
