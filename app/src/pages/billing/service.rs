//! `/staff/billing/services/:id`: one service of a client.

use crate::api::billing_services::get_service;
use crate::components::badge::Badge;
use crate::components::detail_page::DetailPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::billing::ServiceDetail;
use model::format;
use model::routes;

#[component]
pub fn ServicePage() -> impl IntoView {
    view! {
        <DetailPage what="Service" load=get_service let:s>
            {service_view(s)}
        </DetailPage>
    }
}

fn service_view(s: ServiceDetail) -> impl IntoView {
    view! {
        <Title text=s.row.display_name.clone() />
        <div class="page-head">
            <div>
                <p class="crumbs"><A href=routes::client_tab(s.client_id, "services")>{s.client_name.clone()}</A>" / Services"</p>
                <h1>{s.row.display_name.clone()}" "
                    <Badge tone=format!("svc-{}", s.row.status.as_str()) label=s.row.status.label() attr:data-field="status" />
                </h1>
            </div>
        </div>
        <dl class="facts">
            <dt>"Product"</dt><dd>{format!("{} ({})", s.row.product_name, s.row.product_type.label())}</dd>
            <dt>"Cycle"</dt><dd>{s.row.cycle.map(|c| c.label()).unwrap_or("—")}</dd>
            <dt>"Price"</dt><dd class="num">{match (s.row.price, &s.row.currency) {
                (Some(p), Some(c)) => format::money(p, c),
                _ => "—".into(),
            }}</dd>
            <dt>"Pricing plan"</dt><dd data-field="pricing-plan">{s.pricing_plan.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Next due date"</dt><dd>{s.row.next_due_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Created"</dt><dd>{format::date(&s.row.created_at)}</dd>
            <dt>"Updated"</dt><dd>{format::date(&s.updated_at)}</dd>
            <dt>"Terminated"</dt><dd>{s.terminated_at.map(|d| format::date(&d)).unwrap_or_else(|| "—".into())}</dd>
            {s.project.clone().map(|(id, n)| view! {
                <dt>"Project"</dt><dd><A href=routes::project(id)>{n}</A></dd>
            })}
            {s.domain.clone().map(|(id, n)| view! {
                <dt>"Domain"</dt><dd><A href=routes::domain(id)>{n}</A></dd>
            })}
        </dl>
        <h2>"Pricing plan changes"</h2>
        {if s.plan_changes.is_empty() {
            view! { <p class="empty">"No plan changes."</p> }.into_any()
        } else {
            view! {
                <table class="table plan-changes">
                    <thead><tr><th>"Changed"</th><th>"From"</th><th>"To"</th></tr></thead>
                    <tbody>
                        {s.plan_changes.into_iter().map(|c| view! {
                            <tr>
                                <td>{c.changed_at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                <td>{c.from}</td>
                                <td>{c.to}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
