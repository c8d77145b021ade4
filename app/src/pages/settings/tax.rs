//! `/staff/settings/tax`: the standard tax rates new invoices carry. Everyone reads them;
//! billing staff set, change and remove them. A client whose country has no rate cannot be
//! invoiced, and its overview says so.

use crate::api::tax::{list_tax_rates, DeleteTaxRate, SaveTaxRate};
use crate::components::detail::{field_error, form_error};
use crate::components::loaded::Loaded;
use crate::components::permission::Can;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use model::format;
use model::staff::Permission;
use model::tax::TaxRateView;

#[component]
pub fn TaxRatesPage() -> impl IntoView {
    let save = ServerAction::<SaveTaxRate>::new();
    let delete = ServerAction::<DeleteTaxRate>::new();
    let rates = crate::data::load(
        move || (save.version().get(), delete.version().get()),
        |_| list_tax_rates(),
    );
    view! {
        <Title text="Tax rates" />
        <div class="page-head">
            <div>
                <h1>"Tax rates"</h1>
                <p class="muted">
                    "A client's invoices carry its region's rate where one is set, else its country's. "
                    "A country without a rate cannot be invoiced until one is set."
                </p>
            </div>
        </div>
        <Can permission=Permission::ManageBilling>
            <ActionForm action=save attr:class="panel inline-form" attr:data-form="tax-rate">
                <label>"Country" <input name="country" maxlength="2" size="3" placeholder="DE" required /></label>
                {field_error(save, "country")}
                <label>"Region (optional)" <input name="region" maxlength="64" size="8" placeholder="NY" /></label>
                {field_error(save, "region")}
                <label>"Rate, %" <input name="rate" inputmode="decimal" size="7" placeholder="19" required /></label>
                {field_error(save, "rate")}
                {form_error(save)}
                <button type="submit" class="btn primary" disabled=move || save.pending().get()>"Set rate"</button>
            </ActionForm>
        </Can>
        {move || delete.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
        <Loaded data=rates let:list>
            <table class="table tax-rates">
                <thead><tr><th>"Country"</th><th>"Region"</th><th class="num">"Rate"</th><th>"Changed"</th><th></th></tr></thead>
                <tbody>{list.into_iter().map(|r| row(r, delete)).collect_view()}</tbody>
            </table>
        </Loaded>
    }
}

fn row(r: TaxRateView, delete: ServerAction<DeleteTaxRate>) -> impl IntoView {
    let key = format!("{}-{}", r.country, r.region);
    let region = if r.region.is_empty() {
        "Whole country".to_owned()
    } else {
        r.region.clone()
    };
    let changed = format::date(&r.updated_at);
    let (country, code) = (r.country.clone(), r.region.clone());
    view! {
        <tr data-rate=key>
            <td>{r.country.clone()}</td>
            <td>{region}</td>
            <td class="num" data-field="rate">{format!("{} %", r.rate.normalize())}</td>
            <td>{changed}</td>
            <td>
                <Can permission=Permission::ManageBilling>
                    <RemoveRate country=country.clone() region=code.clone() delete />
                </Can>
            </td>
        </tr>
    }
}

#[component]
fn RemoveRate(
    country: String,
    region: String,
    delete: ServerAction<DeleteTaxRate>,
) -> impl IntoView {
    view! {
        <ActionForm action=delete>
            <input type="hidden" name="country" value=country />
            <input type="hidden" name="region" value=region />
            <button type="submit" class="btn link danger">"Remove"</button>
        </ActionForm>
    }
}
