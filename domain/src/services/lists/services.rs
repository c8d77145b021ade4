//! Billing › Services: every client's services by status, product, product type, client and
//! next due date, with totals by status.

use super::{
    choice, client_cell, client_filter, client_names, column, filter, link, rows_of, text,
    total_of, Filters, Scope,
};
use crate::entities::{product, service};
use model::client_query::Dir;
use model::format;
use model::lists::{Cell, FilterInput, ListKind, ListPage, ListQuery, ListRow};
use model::routes;
use model::{AppError, ProductType, ServiceStatus};
use sea_orm::prelude::*;
use sea_orm::{QueryOrder, QueryTrait};
use std::collections::HashMap;

const SORTS: &[&str] = &["due", "created", "name"];

pub async fn list(db: &DatabaseConnection, query: &ListQuery) -> Result<ListPage, AppError> {
    // The catalogue is small: it names the page's products and fills the product filter.
    let products = product::Entity::find()
        .order_by_asc(product::Column::Name)
        .order_by_asc(product::Column::Id)
        .all(db)
        .await?;
    let product_ids: Vec<String> = products.iter().map(|p| p.id.to_string()).collect();
    let allowed: Vec<&str> = product_ids.iter().map(String::as_str).collect();

    let mut f = Filters::new(query);
    let status: Option<ServiceStatus> = f.value("status", "service status");
    let product: Option<i32> = f
        .one_of("product", "product", &allowed)
        .and_then(|p| p.parse().ok());
    let product_type: Option<ProductType> = f.value("type", "product type");
    let client = f.id("client", "The client ID");
    let (from, to) = (f.date("from"), f.date("to"));
    f.range(&from, &to, "to");
    let (sort, dir) = f.sort(SORTS, Dir::Asc);
    f.finish()?;

    // A product type is a handful of products: filter by their ids, which the index has.
    let product_ids = (product.is_some() || product_type.is_some()).then(|| {
        products
            .iter()
            .filter(|p| product.is_none_or(|id| p.id == id))
            .filter(|p| product_type.is_none_or(|t| p.product_type == t))
            .map(|p| p.id)
            .collect::<Vec<i32>>()
    });
    use service::Column as S;
    let stored = |ids: &Vec<i32>| ids.iter().map(i32::to_string).collect();
    let scope = Scope::<service::Entity>::new()
        .when(client, |c| S::ClientId.eq(c))
        .counted("product_id", product_ids, stored, |ids| {
            S::ProductId.is_in(ids)
        })
        .when(from, |d| S::NextDueDate.gte(d))
        .when(to, |d| S::NextDueDate.lte(d));
    let totals = scope
        .totals_by(
            db,
            S::Status,
            ServiceStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), s.label().to_owned(), badge_class(*s))),
        )
        .await?;
    let total = total_of(&totals, status.map(ServiceStatus::as_str));
    let q = scope.q.apply_if(status, |q, s| q.filter(S::Status.eq(s)));
    let col = match sort {
        "created" => service::Column::Id,
        "name" => service::Column::DisplayName,
        _ => service::Column::NextDueDate,
    };
    let page = rows_of(db, q, (col, service::Column::Id), dir, query.page(), total).await?;
    let names = client_names(db, page.iter().map(|s| s.client_id)).await?;
    let by_id: HashMap<i32, &product::Model> = products.iter().map(|p| (p.id, p)).collect();
    let rows = page
        .into_iter()
        .map(|s| ListRow {
            tone: None,
            cells: vec![
                link(routes::service(s.id), s.display_name.clone()),
                text(by_id.get(&s.product_id).map_or_else(
                    || format!("Product {}", s.product_id),
                    |p| format!("{} ({})", p.name, p.product_type.label()),
                )),
                client_cell(
                    Some(s.client_id),
                    names.get(&s.client_id).map(String::as_str),
                    "services",
                ),
                Cell::Badge {
                    class: badge_class(s.status),
                    label: s.status.label().to_owned(),
                },
                text(
                    s.next_due_date
                        .map_or_else(|| "—".into(), |d| d.to_string()),
                ),
                text(format::date(&s.created_at)),
            ],
        })
        .collect();

    Ok(ListPage {
        kind: ListKind::Services,
        filters: vec![
            choice("status", "Status", ServiceStatus::ALL, |s| {
                (s.as_str(), s.label())
            }),
            filter(
                "product",
                "Product",
                FilterInput::Select(
                    products
                        .iter()
                        .map(|p| (p.id.to_string(), p.name.clone()))
                        .collect(),
                ),
            ),
            choice("type", "Product type", ProductType::ALL, |t| {
                (t.as_str(), t.label())
            }),
            client_filter(),
            filter("from", "Next due from", FilterInput::Date),
            filter("to", "Next due until", FilterInput::Date),
        ],
        columns: vec![
            column("Service", Some("name"), false),
            column("Product", None, false),
            column("Client", None, false),
            column("Status", None, false),
            column("Next due", Some("due"), false),
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

/// The same colours as the client's Services tab.
fn badge_class(s: ServiceStatus) -> String {
    format!("svc-{}", s.as_str())
}
