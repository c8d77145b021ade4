//! `/staff/cloud/projects/:id`: an OpenStack project.

use crate::api::resources::get_project;
use crate::components::badge::Badge;
use crate::components::detail_page::DetailPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::cloud::ProjectDetail;
use model::format;
use model::routes;

#[component]
pub fn ProjectPage() -> impl IntoView {
    view! {
        <DetailPage what="Project" load=get_project let:p>
            {project_view(p)}
        </DetailPage>
    }
}

fn project_view(p: ProjectDetail) -> impl IntoView {
    let client_id = p.client.0;
    view! {
        <Title text=p.name.clone() />
        <div class="page-head">
            <div>
                <p class="crumbs"><A href=routes::client_tab(client_id, "openstack")>{p.client.1.clone()}</A>" / Projects"</p>
                <h1>{p.name.clone()}" "
                    <Badge
                        tone=if p.disabled { "svc-suspended" } else { "svc-active" }
                        label=if p.disabled { "Disabled" } else { "Enabled" }
                        attr:data-field="state"
                    />
                </h1>
            </div>
        </div>
        <dl class="facts">
            <dt>"Project ID"</dt><dd><code>{p.openstack_id.clone()}</code></dd>
            <dt>"Project domain ID"</dt><dd><code>{p.project_domain_id.clone()}</code></dd>
            <dt>"Service"</dt><dd>{match p.service.clone() {
                Some((id, n)) => view! { <A href=routes::service(id)>{n}</A> }.into_any(),
                None => "—".into_any(),
            }}</dd>
            <dt>"Created"</dt><dd>{format::date(&p.created_at)}</dd>
        </dl>
        <h2>"Resources"</h2>
        <ul class="counts">
            {p.counts.into_iter().map(|(k, n)| view! {
                <li><A href=routes::client_resources(client_id, k.slug())>{format!("{}: {n}", k.label())}</A></li>
            }).collect_view()}
        </ul>
    }
}
