//! The services tab: every service of the client, the OpenStack one included.

use crate::api::billing_services::get_client_services;
use crate::components::badge::Badge;
use crate::components::detail::{error_view, open_row, page_param};
use crate::components::pager::Pager;
use leptos::prelude::*;
use leptos_router::components::A;
use model::format;
use model::routes;

#[component]
pub fn ServicesTab(client_id: i32) -> impl IntoView {
    let page = page_param();
    let data = Resource::new(
        move || (client_id, page.get()),
        |(c, p)| get_client_services(c, p),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(p) if p.rows.is_empty() => view! { <p class="empty">"No services."</p> }.into_any(),
                    Ok(p) => {
                        let (page_no, pages) = (p.page, p.pages());
                        view! {
                        <table class="table rows-link">
                            <thead>
                                <tr>
                                    <th>"Service"</th>
                                    <th>"Product"</th>
                                    <th>"Cycle"</th>
                                    <th class="num">"Price"</th>
                                    <th>"Status"</th>
                                    <th>"Next due"</th>
                                    <th>"Created"</th>
                                </tr>
                            </thead>
                            <tbody on:click=open_row>
                                {p.rows.into_iter().map(|s| view! {
                                    <tr>
                                        <td><A href=routes::service(s.id)>{s.display_name.clone()}</A></td>
                                        <td>{format!("{} ({})", s.product_name, s.product_type.label())}</td>
                                        <td>{s.cycle.map(|c| c.label()).unwrap_or("—")}</td>
                                        <td class="num">{match (s.price, &s.currency) {
                                            (Some(p), Some(c)) => format::money(p, c),
                                            _ => "—".to_owned(),
                                        }}</td>
                                        <td><Badge tone=format!("svc-{}", s.status.as_str()) label=s.status.label() /></td>
                                        <td>{s.next_due_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                                        <td>{format::date(&s.created_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pager page=page_no pages=pages />
                    }
                    .into_any()
                    }
                }
            })}
        </Transition>
    }
}
