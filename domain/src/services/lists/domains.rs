//! Domains: every client's domains by status and client, with totals by status, soonest
//! expiry first.

use super::{
    choice, client_cell, client_filter, column, link, rows_of, text, total_of, Filters, Scope,
};
use crate::entities::domain_name;
use model::client_query::Dir;
use model::format;
use model::lists::{Cell, ListKind, ListPage, ListQuery, ListRow};
use model::routes;
use model::{AppError, DomainStatus};
use sea_orm::prelude::*;
use sea_orm::QueryTrait;

/// `created` is the id: ids grow with creation, and the primary key serves the order.
const SORTS: &[&str] = &["expires", "name", "created"];

fn tone(s: DomainStatus) -> &'static str {
    match s {
        DomainStatus::Active => "tone-green",
        DomainStatus::Pending => "tone-yellow",
        DomainStatus::Expired => "tone-red",
        DomainStatus::Cancelled => "tone-grey",
    }
}

pub async fn list(db: &DatabaseConnection, query: &ListQuery) -> Result<ListPage, AppError> {
    let mut f = Filters::new(query);
    let status: Option<DomainStatus> = f.value("status", "domain status");
    let client = f.id("client", "The client ID");
    let (sort, dir) = f.sort(SORTS, Dir::Asc);
    f.finish()?;

    let scope =
        Scope::<domain_name::Entity>::new().when(client, |c| domain_name::Column::ClientId.eq(c));
    let totals = scope
        .totals_by(
            db,
            domain_name::Column::Status,
            DomainStatus::ALL.iter().map(|s| {
                (
                    s.as_str().to_owned(),
                    s.label().to_owned(),
                    tone(*s).to_owned(),
                )
            }),
        )
        .await?;
    let total = total_of(&totals, status.map(DomainStatus::as_str));
    let q = scope
        .q
        .apply_if(status, |q, s| q.filter(domain_name::Column::Status.eq(s)));
    // Domains without an expiry (not registered yet) come first on SQLite, last on
    // PostgreSQL: each engine's own NULL order, so the (expires_at, id) index serves both.
    let col = match sort {
        "name" => domain_name::Column::Name,
        "created" => domain_name::Column::Id,
        _ => domain_name::Column::ExpiresAt,
    };
    let domains = rows_of(
        db,
        q,
        (col, domain_name::Column::Id),
        dir,
        query.page(),
        total,
    )
    .await?;
    let names = super::client_names(db, domains.iter().map(|d| d.client_id)).await?;
    let date = |d: Option<chrono::NaiveDate>| text(d.map_or_else(|| "—".into(), |d| d.to_string()));
    let rows = domains
        .into_iter()
        .map(|d| ListRow {
            tone: None,
            cells: vec![
                link(routes::domain(d.id), d.name),
                client_cell(
                    Some(d.client_id),
                    names.get(&d.client_id).map(String::as_str),
                    "domains",
                ),
                Cell::Badge {
                    class: format!("dom-{}", d.status.as_str()),
                    label: d.status.label().to_owned(),
                },
                date(d.registered_at),
                date(d.expires_at),
                text(if d.auto_renew { "Yes" } else { "No" }),
                text(format::date(&d.created_at)),
            ],
        })
        .collect();

    Ok(ListPage {
        kind: ListKind::Domains,
        filters: vec![
            choice("status", "Status", DomainStatus::ALL, |s| {
                (s.as_str(), s.label())
            }),
            client_filter(),
        ],
        columns: vec![
            column("Domain", Some("name"), false),
            column("Client", None, false),
            column("Status", None, false),
            column("Registered", None, false),
            column("Expires", Some("expires"), false),
            column("Auto-renew", None, false),
            column("Created", Some("created"), false),
        ],
        rows,
        total,
        page: query.page(),
        sort: sort.to_owned(),
        dir,
        default_dir: Dir::Asc,
        totals,
        totals_param: "status".into(),
    })
}
