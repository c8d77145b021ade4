//! The journal tab: money movements, where from and where to.

use crate::api::journal::get_client_journal;
use crate::components::detail::{error_view, open_row, page_param};
use crate::components::pager::Pager;
use leptos::prelude::*;
use leptos_router::components::A;
use model::format;
use model::routes;

#[component]
pub fn JournalTab(client_id: i32) -> impl IntoView {
    let page = page_param();
    let data = Resource::new(
        move || (client_id, page.get()),
        |(c, p)| get_client_journal(c, p),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(p) if p.rows.is_empty() => view! { <p class="empty">"No journal entries."</p> }.into_any(),
                    Ok(p) => {
                        let (page_no, pages) = (p.page, p.pages());
                        view! {
                        <table class="table rows-link">
                            <thead>
                                <tr>
                                    <th>"Entry date"</th>
                                    <th>"Source"</th>
                                    <th>"Destination"</th>
                                    <th class="num">"Amount"</th>
                                </tr>
                            </thead>
                            <tbody on:click=open_row>
                                {p.rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td><A href=routes::journal_entry(r.id)>{format::date(&r.entry_date)}</A></td>
                                        <td>{r.source_label()}</td>
                                        <td>{r.destination.label()}</td>
                                        <td class="num">{format::money(r.amount, &r.currency)}</td>
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
