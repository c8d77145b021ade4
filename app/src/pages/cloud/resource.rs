//! `/staff/cloud/:kind/:id`: one cloud resource (instance, volume, network, router, SSH key,
//! image or port).

use crate::api::resources::get_resource;
use crate::components::loaded::Loaded;
use crate::params::ResourceParams;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::format;
use model::routes;
use model::AppError;

#[component]
pub fn ResourcePage() -> impl IntoView {
    let params = crate::params::route::<ResourceParams>();
    let data = crate::data::load(
        move || params.get().and_then(|p| p.kind.zip(p.id)),
        |found| async move {
            match found {
                Some((kind, id)) => get_resource(kind, id).await,
                None => Err(AppError::NotFound("Resource".into())),
            }
        },
    );
    view! {
        <Loaded data let:r>
            <Title text=format!("{} {}", r.kind.singular(), r.name) />
            <div class="page-head">
                <div>
                    <p class="crumbs">
                        <A href=routes::client_resources(r.client.0, r.kind.slug())>{r.client.1.clone()}</A>
                        " / "{r.kind.label()}
                    </p>
                    <h1>{format!("{} {}", r.kind.singular(), r.name)}</h1>
                </div>
            </div>
            <dl class="facts resource">
                {r.fields.into_iter().map(|(label, value)| view! {
                    <dt>{label.clone()}</dt><dd>{value.clone()}</dd>
                }).collect_view()}
                <dt>"Project"</dt><dd><A href=routes::project(r.project.0)>{r.project.1.clone()}</A></dd>
                <dt>"Created"</dt><dd>{format::date(&r.created_at)}</dd>
            </dl>
        </Loaded>
    }
}
