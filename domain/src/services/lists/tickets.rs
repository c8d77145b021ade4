//! Support › Tickets: every client's tickets by status, department, priority and client, with
//! the status colours of the client's Tickets tab and totals by status.

use super::{
    choice, client_cell, client_filter, client_names, column, link, rows_of, text, total_of,
    Filters, Scope,
};
use crate::entities::ticket;
use model::client_query::Dir;
use model::format;
use model::lists::{Cell, ListKind, ListPage, ListQuery, ListRow};
use model::routes;
use model::{AppError, TicketDepartment, TicketPriority, TicketStatus};
use sea_orm::prelude::*;
use sea_orm::QueryTrait;

const SORTS: &[&str] = &["created", "updated"];

pub async fn list(db: &DatabaseConnection, query: &ListQuery) -> Result<ListPage, AppError> {
    let mut f = Filters::new(query);
    let status: Option<TicketStatus> = f.value("status", "ticket status");
    let department: Option<TicketDepartment> = f.value("department", "department");
    let priority: Option<TicketPriority> = f.value("priority", "priority");
    let client = f.id("client", "The client ID");
    let (sort, dir) = f.sort(SORTS, Dir::Desc);
    f.finish()?;

    use ticket::Column as T;
    let scope = Scope::<ticket::Entity>::new()
        .when(client, |c| T::ClientId.eq(c))
        .counted(
            "department",
            department,
            |d| vec![d.as_str().into()],
            |d| T::Department.eq(d),
        )
        .counted(
            "priority",
            priority,
            |p| vec![p.as_str().into()],
            |p| T::Priority.eq(p),
        );
    let totals = scope
        .totals_by(
            db,
            T::Status,
            TicketStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), s.label().to_owned(), colour(*s))),
        )
        .await?;
    let total = total_of(&totals, status.map(TicketStatus::as_str));
    let q = scope.q.apply_if(status, |q, s| q.filter(T::Status.eq(s)));
    // Ids grow with creation time, and (status, id) serves the status filter too.
    let col = match sort {
        "updated" => ticket::Column::UpdatedAt,
        _ => ticket::Column::Id,
    };
    let page = rows_of(db, q, (col, ticket::Column::Id), dir, query.page(), total).await?;
    let names = client_names(db, page.iter().map(|t| t.client_id)).await?;
    let rows = page
        .into_iter()
        .map(|t| ListRow {
            tone: None,
            cells: vec![
                Cell::Bar {
                    class: colour(t.status),
                    title: t.status.label().to_owned(),
                },
                text(t.id.to_string()),
                link(routes::ticket(t.id), t.title.clone()),
                client_cell(
                    Some(t.client_id),
                    names.get(&t.client_id).map(String::as_str),
                    "tickets",
                ),
                text(t.department.label()),
                text(t.priority.label()),
                Cell::Badge {
                    class: colour(t.status),
                    label: t.status.label().to_owned(),
                },
                text(format::date(&t.created_at)),
                text(format::date(&t.updated_at)),
            ],
        })
        .collect();

    Ok(ListPage {
        kind: ListKind::Tickets,
        filters: vec![
            choice("status", "Status", TicketStatus::ALL, |s| {
                (s.as_str(), s.label())
            }),
            choice("department", "Department", TicketDepartment::ALL, |d| {
                (d.as_str(), d.label())
            }),
            choice("priority", "Priority", TicketPriority::ALL, |p| {
                (p.as_str(), p.label())
            }),
            client_filter(),
        ],
        columns: vec![
            column("", None, false),
            column("ID", None, true),
            column("Title", None, false),
            column("Client", None, false),
            column("Department", None, false),
            column("Priority", None, false),
            column("Status", None, false),
            column("Created", Some("created"), false),
            column("Updated", Some("updated"), false),
        ],
        rows,
        total,
        page: query.page(),
        sort: sort.to_owned(),
        dir,
        default_dir: Dir::Desc,
        totals,
        totals_param: "status".into(),
    })
}

/// The status colours of the client's Tickets tab (`style/main.css`).
fn colour(s: TicketStatus) -> String {
    format!("ticket-{}", s.as_str())
}
