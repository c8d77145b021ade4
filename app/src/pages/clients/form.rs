//! `/staff/clients/new` and `/staff/clients/:id/edit`: every client field, checked on the
//! server; each rejected field shows the server's message next to it and nothing is saved.

use crate::api::clients::{client_filter_options, load_client_form, SaveClient};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use model::client_form::{ClientForm, CURRENCIES};
use model::client_query::FilterOptions;
use model::routes;
use model::AppError;

#[component]
pub fn ClientNewPage() -> impl IntoView {
    let options = crate::data::load(|| (), |_| client_filter_options());
    view! {
        <Title text="New client" />
        <div class="page-head">
            <h1>"New client"</h1>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                    Ok(opts) => {
                        let initial = ClientForm {
                            currency: "EUR".to_owned(),
                            configuration_id: opts.configurations.first().map_or(0, |c| c.id),
                            ..ClientForm::default()
                        };
                        view! { <ClientFormView client_id=None initial options=opts /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ClientEditPage() -> impl IntoView {
    let id = crate::params::id();
    let data = crate::data::load(
        move || id.get(),
        |id| async move {
            let id = id.ok_or_else(|| AppError::NotFound("Client".to_owned()))?;
            let form = load_client_form(id).await?;
            let options = client_filter_options().await?;
            Ok::<_, AppError>((id, form, options))
        },
    );
    view! {
        <Title text="Edit client" />
        <div class="page-head">
            <h1>"Edit client"</h1>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    // An unknown client is a real 404 page.
                    Err(e) => crate::components::detail::error_view(e),
                    Ok((id, form, opts)) => {
                        view! { <ClientFormView client_id=Some(id) initial=form options=opts /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn ClientFormView(
    client_id: Option<i32>,
    initial: ClientForm,
    options: FilterOptions,
) -> impl IntoView {
    let save = ServerAction::<SaveClient>::new();
    let text = |s: &str| RwSignal::new(s.to_owned());
    let company = text(&initial.company);
    let first_name = text(&initial.first_name);
    let last_name = text(&initial.last_name);
    let email = text(&initial.email);
    let phone = text(&initial.phone);
    let country = text(&initial.country);
    let state = text(&initial.state);
    let city = text(&initial.city);
    let address1 = text(&initial.address1);
    let address2 = text(&initial.address2);
    let zip_code = text(&initial.zip_code);
    let vat_id = text(&initial.vat_id);
    let currency = text(&initial.currency);
    let configuration = text(&initial.configuration_id.to_string());
    let tax_exempt = RwSignal::new(initial.tax_exempt);
    let billing_agreement = RwSignal::new(initial.billing_agreement);
    let groups: Vec<(i32, String, RwSignal<bool>)> = options
        .groups
        .iter()
        .map(|g| {
            (
                g.id,
                g.name.clone(),
                RwSignal::new(initial.group_ids.contains(&g.id)),
            )
        })
        .collect();
    let group_signals: Vec<(i32, RwSignal<bool>)> =
        groups.iter().map(|(id, _, s)| (*id, *s)).collect();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = ClientForm {
            company: company.get_untracked(),
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            country: country.get_untracked(),
            state: state.get_untracked(),
            city: city.get_untracked(),
            address1: address1.get_untracked(),
            address2: address2.get_untracked(),
            zip_code: zip_code.get_untracked(),
            vat_id: vat_id.get_untracked(),
            tax_exempt: tax_exempt.get_untracked(),
            currency: currency.get_untracked(),
            configuration_id: configuration.get_untracked().parse().unwrap_or(0),
            group_ids: group_signals
                .iter()
                .filter(|(_, on)| on.get_untracked())
                .map(|(id, _)| *id)
                .collect(),
            billing_agreement: billing_agreement.get_untracked(),
        };
        save.dispatch(SaveClient { client_id, form });
    };

    // Saved: back to the dashboard, narrowed to this client.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            navigate(&format!("{}?q={id}", routes::CLIENTS), Default::default());
        }
    });

    let error_for = move |field: &'static str| {
        move || {
            save.value()
                .get()
                .and_then(|r| r.err())
                .and_then(|e| e.field(field))
                .map(|m| view! { <span class="field-error" data-field=field>{m}</span> })
        }
    };
    let general = move || {
        save.value()
            .get()
            .and_then(|r| r.err())
            .map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })
    };
    let input = move |label: &'static str,
                      name: &'static str,
                      sig: RwSignal<String>,
                      kind: &'static str| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input type=kind name=name bind:value=sig />
                {error_for(name)}
            </label>
        }
    };
    let cancel = match client_id {
        Some(id) => routes::client(id),
        None => routes::CLIENTS.to_owned(),
    };

    view! {
        <form class="client-form" on:submit=on_submit novalidate>
            {general}
            <fieldset>
                <legend>"Contact"</legend>
                {input("Company", "company", company, "text")}
                {input("First name", "first_name", first_name, "text")}
                {input("Last name", "last_name", last_name, "text")}
                {input("Email", "email", email, "email")}
                {input("Phone", "phone", phone, "text")}
            </fieldset>
            <fieldset>
                <legend>"Address"</legend>
                {input("Address", "address1", address1, "text")}
                {input("Address (line 2)", "address2", address2, "text")}
                {input("City", "city", city, "text")}
                {input("State / region", "state", state, "text")}
                {input("Zip code", "zip_code", zip_code, "text")}
                {input("Country (ISO code, e.g. DE)", "country", country, "text")}
            </fieldset>
            <fieldset>
                <legend>"Billing"</legend>
                {input("VAT ID", "vat_id", vat_id, "text")}
                <label class="field">
                    <span>"Currency"</span>
                    <select name="currency" bind:value=currency>
                        {CURRENCIES
                            .iter()
                            .map(|c| view! { <option value=*c>{*c}</option> })
                            .collect_view()}
                    </select>
                    {error_for("currency")}
                </label>
                <label class="field">
                    <span>"Configuration"</span>
                    <select name="configuration_id" bind:value=configuration>
                        {options
                            .configurations
                            .iter()
                            .map(|c| view! { <option value=c.id.to_string()>{c.name.clone()}</option> })
                            .collect_view()}
                    </select>
                    {error_for("configuration_id")}
                </label>
                <label class="check">
                    <input type="checkbox" name="tax_exempt" bind:checked=tax_exempt />
                    "Tax exempt"
                </label>
                <label class="check">
                    <input type="checkbox" name="billing_agreement" bind:checked=billing_agreement />
                    "Has a billing agreement"
                </label>
            </fieldset>
            <fieldset>
                <legend>"Groups"</legend>
                {groups
                    .into_iter()
                    .map(|(id, name, on)| {
                        view! {
                            <label class="check">
                                <input type="checkbox" name="group_ids" value=id.to_string() bind:checked=on />
                                {name}
                            </label>
                        }
                    })
                    .collect_view()}
                {error_for("group_ids")}
            </fieldset>
            <div class="form-buttons">
                <button type="submit" class="btn primary" disabled=move || save.pending().get()>
                    {if client_id.is_some() { "Save changes" } else { "Create client" }}
                </button>
                <A href=cancel attr:class="btn">"Cancel"</A>
            </div>
        </form>
    }
}
