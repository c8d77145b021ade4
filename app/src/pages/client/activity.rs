//! The activity tab: every staff action on the client (and the system's own steps), from the
//! audit log.

use crate::api::activity::get_client_activity;
use crate::components::detail::page_param;
use crate::components::paged_table::{Col, PagedTable};
use leptos::prelude::*;

const COLUMNS: &[Col] = &[
    Col::text("When"),
    Col::text("Who"),
    Col::text("What"),
    Col::text("Changes"),
];

#[component]
pub fn ActivityTab(client_id: i32) -> impl IntoView {
    let page = page_param();
    let data = crate::data::load(
        move || (client_id, page.get()),
        |(c, p)| get_client_activity(c, p),
    );
    view! {
        <PagedTable data columns=COLUMNS empty="No activity recorded yet." class="activity" row=|e| {
            let action = e.action.clone();
            view! {
                <tr data-action=action>
                    <td>{e.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                    <td>{e.actor}</td>
                    <td><code>{e.action}</code></td>
                    <td><code class="changes">{e.changes}</code></td>
                </tr>
            }
        } />
    }
}
