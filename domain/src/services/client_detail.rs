//! The client detail page's header and overview tab, and helpers every tab service shares.

use crate::entities::{client, client_group, client_group_member, configuration};
use model::client::display_name;
use model::client_detail::{ClientHeader, ClientOverview, Page, PER_PAGE};
use model::{paging, AppError};
use sea_orm::prelude::*;
use sea_orm::{ConnectionTrait, PaginatorTrait, QueryOrder, QuerySelect, Select};

/// The client, or a 404 naming it.
pub async fn require_client<C: ConnectionTrait>(
    conn: &C,
    client_id: i32,
) -> Result<client::Model, AppError> {
    client::Entity::find_by_id(client_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Client {client_id}")))
}

/// The client, held for the rest of the transaction: a no-op write first takes its row lock
/// (PostgreSQL) or the database's write lock (SQLite) before anything is read. Concurrent
/// changes to one client (a double submit) then queue up and the second sees the first's
/// rows, instead of both passing the checks, or SQLite failing one of them as "database is
/// locked" when two transactions that have read both want to write.
pub async fn lock_client<C: ConnectionTrait>(
    conn: &C,
    client_id: i32,
) -> Result<client::Model, AppError> {
    client::Entity::update_many()
        .col_expr(
            client::Column::Id,
            sea_orm::sea_query::Expr::col(client::Column::Id),
        )
        .filter(client::Column::Id.eq(client_id))
        .exec(conn)
        .await?;
    require_client(conn, client_id).await
}

/// The client's display name, for links from detail pages.
pub fn name_of(c: &client::Model) -> String {
    display_name(&c.company, &c.first_name, &c.last_name)
}

/// Rows before `page` (bounded: callers pass any `u64`).
pub fn offset(page: u64) -> u64 {
    paging::offset(page, PER_PAGE)
}

/// One page of `query` (filtered and ordered by the caller) and the total it pages through,
/// each row mapped for the browser.
pub async fn paged<E: EntityTrait, R>(
    db: &DatabaseConnection,
    query: Select<E>,
    page: u64,
    map: impl Fn(E::Model) -> R,
) -> Result<Page<R>, AppError>
where
    E::Model: Sync,
{
    let total = query.clone().count(db).await?;
    let rows = query
        .offset(offset(page))
        .limit(PER_PAGE)
        .all(db)
        .await?
        .into_iter()
        .map(map)
        .collect();
    Ok(Page {
        rows,
        total,
        page: paging::clamp(page),
    })
}

pub async fn header(db: &DatabaseConnection, client_id: i32) -> Result<ClientHeader, AppError> {
    let c = require_client(db, client_id).await?;
    Ok(ClientHeader {
        id: c.id,
        name: name_of(&c),
        status: c.status,
        suspension_reason: c.suspension_reason,
        lifecycle_error: c.lifecycle_error,
        pinned_notes: super::notes::pinned(db, client_id).await?,
    })
}

pub async fn overview(db: &DatabaseConnection, client_id: i32) -> Result<ClientOverview, AppError> {
    let c = require_client(db, client_id).await?;
    let groups: Vec<String> = client_group::Entity::find()
        .select_only()
        .column(client_group::Column::Name)
        .join(
            sea_orm::JoinType::InnerJoin,
            client_group::Entity::belongs_to(client_group_member::Entity)
                .from(client_group::Column::Id)
                .to(client_group_member::Column::GroupId)
                .into(),
        )
        .filter(client_group_member::Column::ClientId.eq(client_id))
        .order_by_asc(client_group::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    let configuration = configuration::Entity::find_by_id(c.configuration_id)
        .one(db)
        .await?
        .map(|x| x.name)
        .unwrap_or_default();
    let tax_rate = super::tax::TaxTable::of_country(db, &c.country)
        .await?
        .rate(c.tax_exempt, &c.country, &c.state);
    Ok(ClientOverview {
        id: c.id,
        company: c.company,
        first_name: c.first_name,
        last_name: c.last_name,
        email: c.email,
        phone: c.phone,
        country: c.country,
        state: c.state,
        city: c.city,
        address1: c.address1,
        address2: c.address2,
        zip_code: c.zip_code,
        vat_id: c.vat_id,
        tax_exempt: c.tax_exempt,
        tax_rate,
        currency: c.currency,
        created_at: c.created_at,
        groups,
        configuration,
        billing_agreement: c.billing_agreement,
        uptodate_credit: c.uptodate_credit.get(),
        credit_balance: c.credit_balance.get(),
        out_of_credit_since: c.out_of_credit_since,
    })
}
