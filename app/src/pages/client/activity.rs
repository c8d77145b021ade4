//! The activity tab: every staff action on the client (and the system's own steps), from the
//! audit log.

use crate::api::activity::get_client_activity;
use crate::components::detail::{error_view, page_param};
use crate::components::pager::Pager;
use leptos::prelude::*;

#[component]
pub fn ActivityTab(client_id: i32) -> impl IntoView {
    let page = page_param();
    let data = Resource::new(
        move || (client_id, page.get()),
        |(c, p)| get_client_activity(c, p),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(p) if p.rows.is_empty() => view! { <p class="empty">"No activity recorded yet."</p> }.into_any(),
                    Ok(p) => {
                        let (page_no, pages) = (p.page, p.pages());
                        view! {
                            <table class="table activity">
                                <thead>
                                    <tr>
                                        <th>"When"</th>
                                        <th>"Who"</th>
                                        <th>"What"</th>
                                        <th>"Changes"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {p.rows.into_iter().map(|e| {
                                        let action = e.action.clone();
                                        view! {
                                        <tr data-action=action>
                                            <td>{e.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                                            <td>{e.actor}</td>
                                            <td><code>{e.action}</code></td>
                                            <td><code class="changes">{e.changes}</code></td>
                                        </tr>
                                        }
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
