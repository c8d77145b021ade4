//! The overview tab: who the client is, where its credit stands ("Add or withdraw credit"),
//! and staff notes.

use super::credit::CreditForm;
use super::notes::NotesSection;
use crate::api::client_detail::get_client_overview;
use crate::api::credit::ApplyCredit;
use crate::components::badge::Badge;
use crate::components::detail::error_view;
use crate::components::permission::FormToggle;
use leptos::prelude::*;
use model::client_detail::ClientOverview;
use model::format;
use model::staff::Permission;
use model::status::NewWork;
use model::ClientStatus;

#[component]
pub fn OverviewTab(client_id: i32, status: ClientStatus) -> impl IntoView {
    let data = crate::data::load(move || client_id, get_client_overview);
    let apply = ServerAction::<ApplyCredit>::new();
    let adjusting = RwSignal::new(false);
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(o) => {
                        // An adjustment answers with the new overview: shown at once.
                        let currency = o.currency.clone();
                        let shown = RwSignal::new(o);
                        Effect::new(move |_| {
                            if let Some(Ok(new)) = apply.value().get() {
                                shown.set(new);
                                adjusting.set(false);
                            }
                        });
                        view! {
                            {move || facts(shown.get())}
                            {move || apply.value().with(|v| matches!(v, Some(Ok(_)))).then(|| view! {
                                <p class="notice" role="status">"Credit adjusted; the Activity tab has the details."</p>
                            })}
                            <Show when=move || status.allows(NewWork::Credit)>
                                <FormToggle permission=Permission::ManageBilling label="Add or withdraw credit" open=adjusting />
                            </Show>
                            <Show when=move || adjusting.get() && status.allows(NewWork::Credit)>
                                <CreditForm client_id currency=currency.clone() apply />
                            </Show>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
        <NotesSection client_id />
    }
}

/// The client's facts and balances.
fn facts(o: ClientOverview) -> impl IntoView {
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
            <dt>"Tax rate"</dt>
            <dd data-field="tax-rate">{match o.tax_rate {
                Some(rate) => format!("{} %", rate.normalize()).into_any(),
                None => view! {
                    <Badge tone="tone-red" label=format!("Unknown for {}", o.country) title=model::tax::unknown_tax_rate(&o.country) />
                }.into_any(),
            }}</dd>
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
}
