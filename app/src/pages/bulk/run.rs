//! `/staff/bulk/:id`: one bulk run as it goes: counts and a progress bar kept current while it
//! runs, each client's outcome and reason (narrowed by `?outcome=`, paged by `?after=`), and
//! "Retry failed".

use super::RunStatus;
use crate::api::bulk::{bulk_run, RetryBulk};
use crate::components::badge::Badge;
use crate::components::loaded::Loaded;
use crate::components::permission::Can;
use crate::components::status_badge::StatusBadge;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::bulk::{run_href, BulkItemView, BulkOutcome, BulkRunPage, BulkRunView};
use model::format;
use model::routes;
use model::AppError;

#[component]
pub fn BulkRunPage() -> impl IntoView {
    let id = crate::params::id();
    let query = use_query_map();
    let outcome = Memo::new(move |_| query.read().get_str("outcome").and_then(BulkOutcome::parse));
    let after = Memo::new(move |_| {
        query
            .read()
            .get_str("after")
            .and_then(|a| a.parse::<i32>().ok())
    });
    let retry = ServerAction::<RetryBulk>::new();
    let data = crate::data::load(
        move || (id.get(), outcome.get(), after.get(), retry.version().get()),
        |(id, outcome, after, _)| async move {
            match id {
                Some(id) => bulk_run(id, outcome, after).await,
                None => Err(AppError::NotFound("Bulk run".into())),
            }
        },
    );
    crate::components::live::refresh_while(
        move || data.get().and_then(Result::ok).is_some_and(|p| p.is_live()),
        move || data.refetch(),
    );
    view! {
        <Loaded data let:page>
            <RunView page outcome=outcome.get_untracked() retry />
        </Loaded>
    }
}

#[component]
fn RunView(
    page: BulkRunPage,
    outcome: Option<BulkOutcome>,
    retry: ServerAction<RetryBulk>,
) -> impl IntoView {
    let BulkRunPage {
        run,
        items,
        next_after,
    } = page;
    let base = run_href(run.id);
    let narrowed = |o: Option<BulkOutcome>| match o {
        Some(o) => format!("{base}?outcome={}", o.key()),
        None => base.clone(),
    };
    let next = next_after.map(|a| match outcome {
        Some(o) => format!("{base}?outcome={}&after={a}", o.key()),
        None => format!("{base}?after={a}"),
    });
    let retryable = run.failed > 0 || run.status == model::bulk::BulkStatus::Failed;
    let id = run.id;
    let permission = run.action.permission();
    view! {
        <Title text=format!("Bulk run #{}", run.id) />
        <div class="page-head">
            <div>
                <p class="crumbs"><A href=routes::BULK_RUNS>"Bulk runs"</A>{format!(" / #{}", run.id)}</p>
                <h1>{run.title()}" "<RunStatus status=run.status /></h1>
                <p class="muted">{started(&run)}</p>
            </div>
            {retryable.then(|| view! {
                <Can permission>
                    <ActionForm action=retry>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="btn primary" data-action="retry-failed" disabled=move || retry.pending().get()>
                            "Retry failed"
                        </button>
                    </ActionForm>
                </Can>
            })}
        </div>
        {move || retry.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
        {run.error.clone().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <Progress run=run.clone() />
        <nav class="subtabs" aria-label="Outcome">
            <A href=narrowed(None) attr:class=if outcome.is_none() { "subtab active" } else { "subtab" }>
                {format!("All {}", run.total)}
            </A>
            {BulkOutcome::ALL.into_iter().map(|o| {
                let n = count(&run, o);
                view! {
                    <A href=narrowed(Some(o)) attr:class=if outcome == Some(o) { "subtab active" } else { "subtab" }>
                        {format!("{} {n}", o.label())}
                    </A>
                }
            }).collect_view()}
        </nav>
        {if items.is_empty() {
            view! { <p class="muted">"No clients here."</p> }.into_any()
        } else {
            view! {
                <table class="table bulk-items">
                    <thead><tr><th>"Client"</th><th>"Outcome"</th><th>"Reason"</th><th>"Status now"</th></tr></thead>
                    <tbody>{items.into_iter().map(item_row).collect_view()}</tbody>
                </table>
            }.into_any()
        }}
        {next.map(|h| view! { <nav class="pager"><A href=h attr:rel="next">"Next →"</A></nav> })}
    }
}

fn started(run: &BulkRunView) -> String {
    let mut s = format!(
        "Started by {} on {}",
        run.started_by,
        format::date(&run.created_at)
    );
    if let Some(f) = &run.finished_at {
        s.push_str(&format!(", finished on {}", format::date(f)));
    }
    s
}

fn count(run: &BulkRunView, o: BulkOutcome) -> u64 {
    match o {
        BulkOutcome::Pending => run.pending(),
        BulkOutcome::Done => run.done,
        BulkOutcome::Failed => run.failed,
        BulkOutcome::Skipped => run.skipped,
    }
}

/// The bar and the counts of a run.
#[component]
fn Progress(run: BulkRunView) -> impl IntoView {
    view! {
        <div class="bulk-progress" role="status" aria-live="polite">
            <progress max=run.total.max(1) value=run.done + run.failed + run.skipped></progress>
            <span class="percent">{format!("{} %", run.percent())}</span>
            <dl class="bulk-counts">
                {BulkOutcome::ALL.into_iter().map(|o| view! {
                    <div class=format!("count-{}", o.key())>
                        <dt>{o.label()}</dt>
                        <dd data-count=o.key()>{count(&run, o)}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </div>
    }
}

fn item_row(i: BulkItemView) -> impl IntoView {
    let tone = match i.outcome {
        BulkOutcome::Pending => "tone-grey",
        BulkOutcome::Done => "tone-green",
        BulkOutcome::Failed => "tone-red",
        BulkOutcome::Skipped => "tone-yellow",
    };
    view! {
        <tr data-client=i.client_id data-outcome=i.outcome.key()>
            <td><A href=routes::client(i.client_id)>{i.label}</A></td>
            <td><Badge tone label=i.outcome.label() /></td>
            <td>{i.reason.unwrap_or_default()}</td>
            <td>{match i.status {
                Some(s) => view! { <StatusBadge status=s /> }.into_any(),
                None => view! { <span class="muted" data-status="gone">"Deleted"</span> }.into_any(),
            }}</td>
        </tr>
    }
}
