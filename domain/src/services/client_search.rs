//! The dashboard search by identifier: an instance's IPv4, an instance's or project's
//! OpenStack UUID (or a prefix of 8+ characters), the e-mail of any of the client's users,
//! the VAT ID and an invoice number.
//!
//! Each lookup runs only when the search text has that identifier's shape, and is an index
//! probe on the identifier's own table (indexes of migration m20261125_000011) that yields at
//! most [`MAX_FOUND`] client ids. The dashboard query then takes `clients.id IN (those ids)`
//! as one more alternative of its search, so the page, the count and the status totals agree
//! and every other filter still applies. A name search costs what it did before.

use super::client_query::text;
use crate::entities::{client, client_user, instance, invoice, project, user};
use model::client_search::{Matched, MatchedField};
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{JoinType, QuerySelect, Select};
use std::net::Ipv4Addr;

/// Identifiers are meant to be selective; a value shared by more rows than this (a private IP
/// reused across projects) finds the first ones only.
pub const MAX_FOUND: u64 = 200;

/// The shortest UUID prefix searched for: shorter hex runs are too common (and are words).
pub const MIN_UUID_PREFIX: usize = 8;

/// What the search text could be, by its shape, normalised as the database stores it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Shapes {
    pub ipv4: Option<String>,
    /// Lower-case hex and hyphens: a prefix of an instance UUID.
    pub instance_uuid: Option<String>,
    /// Lower-case hex without hyphens: a prefix of a Keystone project ID.
    pub project_uuid: Option<String>,
    pub email: Option<String>,
    /// Upper-case, without spaces, dots and hyphens (see `migration::VAT_ID_KEY`).
    pub vat_id: Option<String>,
    pub invoice_number: Option<String>,
}

impl Shapes {
    pub fn of(term: &str) -> Shapes {
        let t = term.trim();
        let lower = t.to_ascii_lowercase();
        let invoice_number = invoice_number(t);
        let uuid = (MIN_UUID_PREFIX..=36).contains(&lower.len())
            && lower.starts_with(|c: char| c.is_ascii_hexdigit())
            && lower.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
        Shapes {
            ipv4: t.parse::<Ipv4Addr>().ok().map(|ip| ip.to_string()),
            instance_uuid: uuid.then(|| lower.clone()),
            project_uuid: (uuid && lower.len() <= 32 && !lower.contains('-'))
                .then(|| lower.clone()),
            // Users' e-mails are stored lower-cased (sign-in compares them so).
            email: (t.contains('@') && t.len() <= 254 && !t.contains(char::is_whitespace))
                .then(|| t.to_lowercase()),
            // `INV-2026-000123` has a VAT ID's shape too; it is an invoice number.
            vat_id: invoice_number.is_none().then(|| vat_id(t)).flatten(),
            invoice_number,
        }
    }
}

/// Two letters, then letters and digits (at least two), 4 to 20 of them once spaces, dots and
/// hyphens are dropped: `DE123456789`, `nl 1234.56789 b01`, `CHE-123.456.789 MWST`.
fn vat_id(t: &str) -> Option<String> {
    let key: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect::<String>()
        .to_ascii_uppercase();
    let letters = key.bytes().take(2).all(|b| b.is_ascii_alphabetic());
    let digits = key.bytes().filter(u8::is_ascii_digit).count();
    ((4..=20).contains(&key.len())
        && letters
        && digits >= 2
        && key.bytes().all(|b| b.is_ascii_alphanumeric()))
    .then_some(key)
}

/// `INV-<year>-<number>` in any case, as invoices are numbered (`invoices::insert`).
fn invoice_number(t: &str) -> Option<String> {
    let upper = t.to_ascii_uppercase();
    let (year, n) = upper.strip_prefix("INV-")?.split_once('-')?;
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    (digits(year, 4..=4) && digits(n, 1..=12)).then_some(upper)
}

/// The first string after every string starting with `prefix` (ASCII, not empty): the
/// exclusive end of a prefix range.
fn prefix_end(prefix: &str) -> String {
    let mut end = prefix[..prefix.len() - 1].to_owned();
    let last = prefix.as_bytes()[prefix.len() - 1];
    end.push(char::from(last + 1));
    end
}

/// `column` starts with `prefix`, as an index range in byte order on both engines.
fn starts_with(backend: sea_orm::DatabaseBackend, table: &str, prefix: &str) -> Condition {
    let col = || Expr::cust(text(backend, table, "openstack_id"));
    Condition::all()
        .add(col().gte(prefix.to_owned()))
        .add(col().lt(prefix_end(prefix)))
}

/// Instances with their client's id, driven from `instances` (the project by primary key).
fn instances_with_client() -> Select<instance::Entity> {
    instance::Entity::find()
        .select_only()
        .column(project::Column::ClientId)
        .join(
            JoinType::InnerJoin,
            instance::Entity::belongs_to(project::Entity)
                .from(instance::Column::ProjectId)
                .to(project::Column::Id)
                .into(),
        )
}

/// The (client id, matched value) pairs of a lookup, at most [`MAX_FOUND`]. Both may be NULL
/// (an invoice of a deleted client, a client without a VAT ID): such rows find nobody.
async fn pairs<E: EntityTrait>(
    db: &DatabaseConnection,
    select: Select<E>,
) -> Result<Vec<(i32, String)>, AppError> {
    let rows: Vec<(Option<i32>, Option<String>)> =
        select.limit(MAX_FOUND).into_tuple().all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, value)| Some((id?, value?)))
        .collect())
}

/// Every client the search text finds by an identifier, each once with the first field that
/// found it (in the order IP, instance UUID, project UUID, e-mail, VAT ID, invoice).
pub async fn lookup(db: &DatabaseConnection, term: &str) -> Result<Vec<(i32, Matched)>, AppError> {
    let backend = db.get_database_backend();
    let s = Shapes::of(term);
    let mut found: Vec<(MatchedField, Vec<(i32, String)>)> = Vec::new();
    if let Some(ip) = &s.ipv4 {
        let select = instances_with_client()
            .column(instance::Column::Ipv4)
            .filter(instance::Column::Ipv4.eq(ip.as_str()));
        found.push((MatchedField::InstanceIp, pairs(db, select).await?));
    }
    if let Some(prefix) = &s.instance_uuid {
        let select = instances_with_client()
            .column(instance::Column::OpenstackId)
            .filter(starts_with(backend, "instances", prefix));
        found.push((MatchedField::InstanceUuid, pairs(db, select).await?));
    }
    if let Some(prefix) = &s.project_uuid {
        let select = project::Entity::find()
            .select_only()
            .column(project::Column::ClientId)
            .column(project::Column::OpenstackId)
            .filter(starts_with(backend, "projects", prefix));
        found.push((MatchedField::ProjectUuid, pairs(db, select).await?));
    }
    if let Some(email) = &s.email {
        let select = client_user::Entity::find()
            .select_only()
            .column(client_user::Column::ClientId)
            .column(user::Column::Email)
            .join(
                JoinType::InnerJoin,
                client_user::Entity::belongs_to(user::Entity)
                    .from(client_user::Column::UserId)
                    .to(user::Column::Id)
                    .into(),
            )
            .filter(user::Column::Email.eq(email.as_str()));
        found.push((MatchedField::UserEmail, pairs(db, select).await?));
    }
    if let Some(key) = &s.vat_id {
        let select = client::Entity::find()
            .select_only()
            .column(client::Column::Id)
            .column(client::Column::VatId)
            .filter(Expr::cust(migration::VAT_ID_KEY).eq(key.as_str()));
        found.push((MatchedField::VatId, pairs(db, select).await?));
    }
    if let Some(number) = &s.invoice_number {
        let select = invoice::Entity::find()
            .select_only()
            .column(invoice::Column::ClientId)
            .column(invoice::Column::Number)
            .filter(invoice::Column::Number.eq(number.as_str()));
        found.push((MatchedField::InvoiceNumber, pairs(db, select).await?));
    }

    let mut out: Vec<(i32, Matched)> = Vec::new();
    for (field, rows) in found {
        for (id, value) in rows {
            if !out.iter().any(|(c, _)| *c == id) {
                out.push((id, Matched { field, value }));
            }
        }
    }
    Ok(out)
}

/// Clients whose search key is not the key of their fields (it is written with them), and on
/// SQLite a search index that disagrees with the keys: empty when the search is exact. A full
/// scan, for tests and checks.
pub async fn key_drift(db: &DatabaseConnection) -> Result<Vec<i32>, AppError> {
    let rows = client::Entity::find().all(db).await?;
    let mut wrong: Vec<i32> = rows
        .iter()
        .filter(|c| {
            c.search_key
                != migration::search_key(
                    &c.company,
                    &c.first_name,
                    &c.last_name,
                    &c.email,
                    &c.phone,
                )
        })
        .map(|c| c.id)
        .collect();
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        // FTS5 compares its index with the content table; an error when they differ.
        if db
            .execute_unprepared(
                "INSERT INTO clients_fts (clients_fts, rank) VALUES ('integrity-check', 1)",
            )
            .await
            .is_err()
        {
            wrong.push(0);
        }
    }
    Ok(wrong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shape_of_the_search_text() {
        let s = Shapes::of(" 10.0.3.7 ");
        assert_eq!(s.ipv4.as_deref(), Some("10.0.3.7"));
        assert_eq!(
            s,
            Shapes {
                ipv4: s.ipv4.clone(),
                ..Shapes::default()
            }
        );

        let s = Shapes::of("3F2A1B4C");
        assert_eq!(s.instance_uuid.as_deref(), Some("3f2a1b4c"));
        assert_eq!(s.project_uuid.as_deref(), Some("3f2a1b4c"));
        assert_eq!(Shapes::of("3f2a1b4"), Shapes::default(), "7 characters");
        let s = Shapes::of("3f2a1b4c-9d");
        assert_eq!(s.instance_uuid.as_deref(), Some("3f2a1b4c-9d"));
        assert_eq!(s.project_uuid, None, "project IDs have no hyphens");

        assert_eq!(
            Shapes::of("Ops@Example.COM").email.as_deref(),
            Some("ops@example.com")
        );
        assert_eq!(
            Shapes::of("inv-2026-000123").invoice_number.as_deref(),
            Some("INV-2026-000123")
        );
        assert_eq!(Shapes::of("INV-26-1").invoice_number, None);
        assert_eq!(
            Shapes::of("CHE-123.456.789 MWST").vat_id.as_deref(),
            Some("CHE123456789MWST")
        );
        assert_eq!(
            Shapes::of("de 123456789").vat_id.as_deref(),
            Some("DE123456789")
        );

        // Ordinary name searches look up nothing.
        for name in ["Acme GmbH", "Müller", "acme", "Nimbus Labs", "ab", ""] {
            assert_eq!(Shapes::of(name), Shapes::default(), "{name}");
        }
    }

    #[test]
    fn prefix_ranges_end_after_the_prefix() {
        assert_eq!(prefix_end("3f2a1b4c"), "3f2a1b4d");
        assert_eq!(prefix_end("3f2a1b4f"), "3f2a1b4g");
        assert_eq!(prefix_end("3f2a1b49"), "3f2a1b4:");
        assert_eq!(prefix_end("3f2a1b4c-"), "3f2a1b4c.");
    }
}
