//! The overview tab: who the client is, where its credit stands, and staff notes.

use super::notes::NotesSection;
use crate::api::client_detail::get_client_overview;
use crate::components::detail::error_view;
use crate::components::format;
use leptos::prelude::*;

#[component]
pub fn OverviewTab(client_id: i32) -> impl IntoView {
    let data = Resource::new(move || client_id, get_client_overview);
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(o) => {
                        let address = [o.address1.clone(), o.address2.clone()]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(", ");
                        let yes_no = |b: bool| if b { "Yes" } else { "No" };
                        view! {
                            <dl class="facts overview">
                                <dt>"Company"</dt>
                                <dd>{if o.company.is_empty() { "—".to_owned() } else { o.company.clone() }}</dd>
                                <dt>"Contact"</dt>
                                <dd>{format!("{} {}", o.first_name, o.last_name)}</dd>
                                <dt>"Email"</dt>
                                <dd>{o.email.clone()}</dd>
                                <dt>"Country"</dt>
                                <dd>{o.country.clone()}</dd>
                                <dt>"City"</dt>
                                <dd>{o.city.clone()}</dd>
                                <dt>"State"</dt>
                                <dd>{o.state.clone()}</dd>
                                <dt>"Address"</dt>
                                <dd>{address}</dd>
                                <dt>"Zip code"</dt>
                                <dd>{o.zip_code.clone()}</dd>
                                <dt>"Phone"</dt>
                                <dd>{o.phone.clone()}</dd>
                                <dt>"Client ID"</dt>
                                <dd data-field="id">{o.id}</dd>
                                <dt>"Created"</dt>
                                <dd>{format::date(&o.created_at)}</dd>
                                <dt>"Client groups"</dt>
                                <dd>{if o.groups.is_empty() { "None".to_owned() } else { o.groups.join(", ") }}</dd>
                                <dt>"Configuration"</dt>
                                <dd>{o.configuration.clone()}</dd>
                                <dt>"VAT ID"</dt>
                                <dd>{o.vat_id.clone().unwrap_or_else(|| "—".into())}</dd>
                                <dt>"Tax exempt"</dt>
                                <dd>{yes_no(o.tax_exempt)}</dd>
                                <dt>"Billing agreement"</dt>
                                <dd data-field="billing-agreement">
                                    {if o.billing_agreement { "Active" } else { "None" }}
                                </dd>
                                <dt>"Up-to-date credit"</dt>
                                <dd class="num" data-field="uptodate-credit">{format::money(o.uptodate_credit, &o.currency)}</dd>
                                <dt>"Current credit"</dt>
                                <dd class="num" data-field="credit-balance">{format::money(o.credit_balance, &o.currency)}</dd>
                            </dl>
                            {o.out_of_credit_since.map(|at| view! {
                                <p class="warning out-of-credit">
                                    {format!("Out of credit since {}", format::date(&at))}
                                </p>
                            })}
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
        <NotesSection client_id />
    }
}
