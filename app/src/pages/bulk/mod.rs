//! `/staff/bulk`: the bulk runs staff started, newest first; `run` is one run's page.

pub mod run;

use crate::api::bulk::bulk_runs;
use crate::components::badge::Badge;
use crate::components::loaded::Loaded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::bulk::{run_href, BulkRunView, BulkStatus};
use model::format;
use model::routes;

pub use run::BulkRunPage;

/// The badge of a run's status.
#[component]
pub fn RunStatus(status: BulkStatus) -> impl IntoView {
    let tone = match status {
        BulkStatus::Preparing | BulkStatus::Running => "tone-yellow",
        BulkStatus::Done => "tone-green",
        BulkStatus::Failed => "tone-red",
    };
    view! {
        <Badge tone label=status.label() attr:data-run-status=status.key() />
    }
}

#[component]
pub fn BulkRunsPage() -> impl IntoView {
    let query = use_query_map();
    let before = Memo::new(move |_| {
        query
            .read()
            .get_str("before")
            .and_then(|b| b.parse::<i32>().ok())
    });
    let runs = crate::data::load(move || before.get(), bulk_runs);
    crate::components::live::refresh_while(
        move || {
            runs.get()
                .and_then(Result::ok)
                .is_some_and(|r| r.iter().any(|r| r.status.is_live()))
        },
        move || runs.refetch(),
    );
    view! {
        <Title text="Bulk runs" />
        <div class="page-head">
            <div>
                <p class="crumbs"><A href=routes::CLIENTS>"Clients"</A>" / Bulk runs"</p>
                <h1>"Bulk runs"</h1>
            </div>
        </div>
        <Loaded data=runs let:list>
            {if list.is_empty() {
                view! {
                    <p class="muted">"No bulk runs yet: select clients on the dashboard and choose an action."</p>
                }
                .into_any()
            } else {
                let older = (list.len() as u64 >= 50)
                    .then(|| list.last().map(|r| format!("{}?before={}", routes::BULK_RUNS, r.id)))
                    .flatten();
                view! {
                    <table class="table bulk-runs">
                        <thead><tr>
                            <th>"Run"</th><th>"Action"</th><th>"Status"</th><th>"Progress"</th>
                            <th>"Failed"</th><th>"Skipped"</th><th>"Started by"</th><th>"Started"</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(row).collect_view()}
                        </tbody>
                    </table>
                    {older.map(|h| view! { <nav class="pager"><A href=h attr:rel="next">"Older runs →"</A></nav> })}
                }
                .into_any()
            }}
        </Loaded>
    }
}

fn row(r: BulkRunView) -> impl IntoView {
    let href = run_href(r.id);
    let (id, title, progress) = (
        r.id,
        r.title(),
        format!("{} of {}", r.done + r.failed + r.skipped, r.total),
    );
    let started = format::date(&r.created_at);
    view! {
        <tr data-run=id>
            <td><A href=href.clone()>{format!("#{id}")}</A></td>
            <td><A href=href>{title}</A></td>
            <td><RunStatus status=r.status /></td>
            <td>{progress}</td>
            <td>{r.failed}</td>
            <td>{r.skipped}</td>
            <td>{r.started_by}</td>
            <td>{started}</td>
        </tr>
    }
}
