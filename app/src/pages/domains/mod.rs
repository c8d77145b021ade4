//! `/staff/domains/:id`: one domain.

use crate::api::domains::get_domain;
use crate::components::badge::Badge;
use crate::components::detail_page::DetailPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::domains::DomainDetail;
use model::format;
use model::routes;

#[component]
pub fn DomainPage() -> impl IntoView {
    view! {
        <DetailPage what="Domain" load=get_domain let:d>
            {domain_view(d)}
        </DetailPage>
    }
}

fn domain_view(d: DomainDetail) -> impl IntoView {
    view! {
        <Title text=d.row.name.clone() />
        <div class="page-head">
            <div>
                <p class="crumbs"><A href=routes::client_tab(d.client.0, "domains")>{d.client.1.clone()}</A>" / Domains"</p>
                <h1>{d.row.name.clone()}" "
                    <Badge tone=format!("dom-{}", d.row.status.as_str()) label=d.row.status.label() attr:data-field="status" />
                </h1>
            </div>
        </div>
        <dl class="facts">
            <dt>"Domain ID"</dt><dd>{d.row.id}</dd>
            <dt>"Registered"</dt><dd>{d.registered_at.map(|x| x.to_string()).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Expires"</dt><dd data-field="expires">{d.row.expires_at.map(|x| x.to_string()).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Auto renew"</dt><dd>{if d.auto_renew { "Yes" } else { "No" }}</dd>
            <dt>"Created at"</dt><dd>{format::date(&d.row.created_at)}</dd>
            <dt>"Service"</dt><dd>{match d.service.clone() {
                Some((id, n)) => view! { <A href=routes::service(id)>{n}</A> }.into_any(),
                None => "—".into_any(),
            }}</dd>
        </dl>
    }
}
