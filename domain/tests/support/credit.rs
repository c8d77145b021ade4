//! Credit stories: a client's balances and configuration set as the story needs them, and
//! everything an adjustment could write, to compare before and after.

use chrono::{DateTime, Utc};
use domain::entities::{audit_entry, client, configuration, journal_entry};
use domain::money::Amount;
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::str::FromStr;

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Sets the balance and the up-to-date credit (the balance less usage not yet invoiced).
pub async fn set_credit(
    db: &DatabaseConnection,
    client_id: i32,
    balance: &str,
    uptodate: &str,
    out_of_credit_since: Option<DateTime<Utc>>,
) {
    client::Entity::update_many()
        .col_expr(
            client::Column::CreditBalance,
            Expr::value(Amount::new(dec(balance)).unwrap()),
        )
        .col_expr(
            client::Column::UptodateCredit,
            Expr::value(Amount::new(dec(uptodate)).unwrap()),
        )
        .col_expr(
            client::Column::OutOfCreditSince,
            Expr::value(out_of_credit_since),
        )
        .filter(client::Column::Id.eq(client_id))
        .exec(db)
        .await
        .unwrap();
}

/// Gives the client the catalogue's configuration named `name`.
pub async fn set_configuration(
    db: &DatabaseConnection,
    client_id: i32,
    name: &str,
) -> configuration::Model {
    let cfg = configuration::Entity::find()
        .filter(configuration::Column::Name.eq(name))
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("configuration {name}"));
    client::Entity::update_many()
        .col_expr(client::Column::ConfigurationId, Expr::value(cfg.id))
        .filter(client::Column::Id.eq(client_id))
        .exec(db)
        .await
        .unwrap();
    cfg
}

/// The client's row, journal and audit entries.
#[derive(Debug, PartialEq)]
pub struct Books {
    pub client: client::Model,
    pub journal: Vec<journal_entry::Model>,
    pub audit: Vec<audit_entry::Model>,
}

pub async fn books(db: &DatabaseConnection, client_id: i32) -> Books {
    Books {
        client: client::Entity::find_by_id(client_id)
            .one(db)
            .await
            .unwrap()
            .unwrap(),
        journal: journal_entry::Entity::find()
            .filter(journal_entry::Column::ClientId.eq(client_id))
            .order_by_asc(journal_entry::Column::Id)
            .all(db)
            .await
            .unwrap(),
        audit: audit_entry::Entity::find()
            .filter(audit_entry::Column::ClientId.eq(client_id))
            .order_by_asc(audit_entry::Column::Id)
            .all(db)
            .await
            .unwrap(),
    }
}
