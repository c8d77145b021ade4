//! `/staff/cloud/:kind/:id`: one cloud resource (instance, volume, network, router, SSH key,
//! image or port).

use crate::api::resources::get_resource;
use crate::components::detail::{error_view, id_param};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::cloud::ResourceKind;
use model::format;
use model::routes;
use model::AppError;

#[component]
pub fn ResourcePage() -> impl IntoView {
    let id = id_param("id");
    let params = use_params_map();
    let kind = Memo::new(move |_| {
        params
            .read()
            .get("kind")
            .and_then(|k| ResourceKind::from_slug(&k))
    });
    let data = Resource::new(
        move || (kind.get(), id.get()),
        |(kind, id)| async move {
            match (kind, id) {
                (Some(kind), Some(id)) => get_resource(kind, id).await,
                _ => Err(AppError::NotFound("Resource".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(r) => view! {
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
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}
