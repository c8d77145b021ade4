//! `/staff/domains/:id`: one domain.

use crate::api::domains::get_domain;
use crate::components::badge::Badge;
use crate::components::detail::{error_view, id_param};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::format;
use model::routes;
use model::AppError;

#[component]
pub fn DomainPage() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_domain(id).await,
                None => Err(AppError::NotFound("Domain".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(d) => view! {
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
                    .into_any(),
                }
            })}
        </Transition>
    }
}
