//! Cloud › Projects: every client's OpenStack projects by client, disabled and region.

use super::resources::{chosen, column_where, lookup};
use super::{client_cell, client_filter, column, filter, link, rows_of, text, Filters, Scope};
use crate::entities::{instance, project, region};
use model::client_query::Dir;
use model::format;
use model::lists::{Cell, FilterInput, ListKind, ListPage, ListQuery, ListRow};
use model::routes;
use model::AppError;
use sea_orm::prelude::*;

/// `created` is the id: ids grow with creation, and the primary key serves the order.
const SORTS: &[&str] = &["created", "name"];

pub async fn list(db: &DatabaseConnection, query: &ListQuery) -> Result<ListPage, AppError> {
    let regions = lookup::<region::Entity>(db, region::Column::Id, region::Column::Name).await?;
    let mut f = Filters::new(query);
    let client = f.id("client", "The client ID");
    let disabled = f.flag("disabled");
    let region = chosen(&mut f, "region", "region", &regions);
    let (sort, dir) = f.sort(SORTS, Dir::Desc);
    f.finish()?;

    use project::Column as P;
    let scope = Scope::<project::Entity>::new()
        .when(client, |c| P::ClientId.eq(c))
        .when(disabled, |d| P::Disabled.eq(d))
        .when(region, |r| {
            // A semi-join read off instances (region_id, project_id): no per-row subquery.
            let in_region = column_where::<instance::Entity>(
                instance::Column::ProjectId,
                instance::Column::RegionId.eq(r),
            );
            P::Id.in_subquery(in_region)
        });
    let total = scope.count(db).await?;
    let q = scope.q;
    let col = match sort {
        "name" => project::Column::Name,
        _ => project::Column::Id,
    };
    let projects = rows_of(db, q, (col, project::Column::Id), dir, query.page(), total).await?;
    let names = super::client_names(db, projects.iter().map(|p| p.client_id)).await?;
    let rows = projects
        .into_iter()
        .map(|p| ListRow {
            tone: None,
            cells: vec![
                link(routes::project(p.id), p.name),
                text(p.openstack_id),
                client_cell(
                    Some(p.client_id),
                    names.get(&p.client_id).map(String::as_str),
                    "openstack",
                ),
                if p.disabled {
                    Cell::Badge {
                        class: "tone-grey".into(),
                        label: "Disabled".into(),
                    }
                } else {
                    Cell::Badge {
                        class: "tone-green".into(),
                        label: "Enabled".into(),
                    }
                },
                text(format::date(&p.created_at)),
            ],
        })
        .collect();

    Ok(ListPage {
        kind: ListKind::Projects,
        filters: vec![
            client_filter(),
            filter(
                "disabled",
                "Disabled",
                FilterInput::Select(vec![
                    ("yes".into(), "Yes".into()),
                    ("no".into(), "No".into()),
                ]),
            ),
            filter("region", "Region", FilterInput::Select(regions)),
        ],
        columns: vec![
            column("Name", Some("name"), false),
            column("OpenStack ID", None, false),
            column("Client", None, false),
            column("State", None, false),
            column("Created", Some("created"), false),
        ],
        rows,
        total,
        page: query.page(),
        sort: sort.to_owned(),
        dir,
        default_dir: Dir::Desc,
        totals: Vec::new(),
        totals_param: String::new(),
    })
}
