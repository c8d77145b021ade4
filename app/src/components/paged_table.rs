//! The one paged table of the client tabs: loading, "none yet", the table, the pager.

use crate::components::detail::open_row;
use crate::components::loaded::Loaded;
use crate::components::pager::Pager;
use leptos::prelude::*;
use model::client_detail::Page;
use model::AppError;
use serde::{de::DeserializeOwned, Serialize};

/// A column heading and the class its cells share ("num" right-aligns amounts).
#[derive(Clone, Copy)]
pub struct Col(pub &'static str, pub &'static str);

impl Col {
    pub const fn text(label: &'static str) -> Self {
        Col(label, "")
    }
    pub const fn num(label: &'static str) -> Self {
        Col(label, "num")
    }
    /// The narrow status bar at the start of a row.
    pub const fn bar() -> Self {
        Col("", "bar")
    }
}

/// One page of `data` as a table, loaded (see [`PageTable`]).
#[component]
pub fn PagedTable<T, F, V>(
    data: crate::data::Data<Result<Page<T>, AppError>>,
    columns: &'static [Col],
    /// What an empty page says, e.g. "No invoices."
    empty: &'static str,
    /// Extra classes for the table (styling and the browser tests' handles).
    #[prop(optional)]
    class: &'static str,
    #[prop(optional)] link_rows: bool,
    row: F,
) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    F: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Loaded data let:page>
            <PageTable page columns empty=empty.to_owned() class link_rows row />
        </Loaded>
    }
}

/// A page of rows as a table with its pager, or `empty` when there are none: `row` renders
/// a row (a `<tr>`). With `link_rows`, a click anywhere on a row follows its first link.
#[component]
pub fn PageTable<T, F, V>(
    page: Page<T>,
    columns: &'static [Col],
    #[prop(into)] empty: String,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] link_rows: bool,
    row: F,
) -> impl IntoView
where
    T: 'static,
    F: Fn(T) -> V,
    V: IntoView + 'static,
{
    if page.rows.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    let table_class = match (link_rows, class) {
        (true, "") => "table rows-link".to_owned(),
        (true, c) => format!("table rows-link {c}"),
        (false, c) => format!("table {c}"),
    };
    let (page_no, pages) = (page.page, page.pages());
    let body = page.rows.into_iter().map(row).collect_view();
    let body = if link_rows {
        view! { <tbody on:click=open_row>{body}</tbody> }.into_any()
    } else {
        view! { <tbody>{body}</tbody> }.into_any()
    };
    view! {
        <table class=table_class>
            <thead>
                <tr>{columns.iter().map(|c| view! { <th class=c.1>{c.0}</th> }).collect_view()}</tr>
            </thead>
            {body}
        </table>
        <Pager page=page_no pages />
    }
    .into_any()
}
