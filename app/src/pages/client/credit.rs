//! "Add or withdraw credit" on the overview tab: the form, with the server's preview of the
//! balances before and after (and what changes) shown live as the amount is typed.

use crate::api::credit::{preview_credit, ApplyCredit};
use crate::components::detail::{field_error, form_error};
use leptos::prelude::*;
use model::client_form::CURRENCIES;
use model::credit::{CreditInput, CreditPreview, Direction};
use model::format;
use model::AppError;

#[component]
pub fn CreditForm(
    client_id: i32,
    /// The client's currency, preselected.
    currency: String,
    apply: ServerAction<ApplyCredit>,
) -> impl IntoView {
    let direction = RwSignal::new(Direction::Add);
    let amount = RwSignal::new(String::new());
    let currency = RwSignal::new(currency);
    let reason = RwSignal::new(String::new());
    let input = move || CreditInput {
        direction: direction.get(),
        amount: amount.get(),
        currency: currency.get(),
        reason: String::new(),
    };
    let preview = crate::data::load(input, move |i| async move {
        if i.amount.trim().is_empty() {
            None
        } else {
            Some(preview_credit(client_id, i).await)
        }
    });
    // The preview speaks for the amount and currency as they are now; after "Apply" the
    // server's answer covers the reason (and anything else it refused).
    let message = move |field: &'static str| {
        move || {
            let m = match preview.get().flatten() {
                Some(Ok(_)) => None,
                Some(Err(e)) => e.field(field),
                None => apply.value().with(|v| match v {
                    Some(Err(e)) => e.field(field),
                    _ => None,
                }),
            };
            m.map(|m| view! { <span class="field-error" data-field=field>{m}</span> })
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        apply.dispatch(ApplyCredit {
            client_id,
            input: CreditInput {
                direction: direction.get_untracked(),
                amount: amount.get_untracked(),
                currency: currency.get_untracked(),
                reason: reason.get_untracked(),
            },
        });
    };
    view! {
        <form class="panel credit-form" on:submit=submit>
            <h2>"Add or withdraw credit"</h2>
            <fieldset class="credit-direction">
                <legend>"Direction"</legend>
                {Direction::ALL.into_iter().map(|d| view! {
                    <label>
                        <input type="radio" name="direction" value=d.slug()
                            prop:checked=move || direction.get() == d
                            on:change=move |_| direction.set(d) />
                        {d.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="field">
                <span>"Amount"</span>
                <input type="text" inputmode="decimal" name="amount" autocomplete="off"
                    prop:value=move || amount.get()
                    on:input=move |ev| amount.set(event_target_value(&ev)) />
                {message("amount")}
            </label>
            <label class="field">
                <span>"Currency"</span>
                <select name="currency" prop:value=move || currency.get()
                    on:change=move |ev| currency.set(event_target_value(&ev))>
                    {CURRENCIES.iter().map(|c| view! {
                        <option value=*c selected=currency.get_untracked() == *c>{*c}</option>
                    }).collect_view()}
                </select>
                {message("currency")}
            </label>
            <label class="field">
                <span>"Reason (journal and audit log)"</span>
                <input type="text" name="reason" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev)) />
                {field_error(apply, "reason")}
            </label>
            <Transition fallback=|| ()>
                {move || preview.get().flatten().map(|r| match r {
                    Ok(p) => view! { <PreviewTable p /> }.into_any(),
                    // Field messages show next to their fields.
                    Err(AppError::Invalid(_)) => ().into_any(),
                    Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                })}
            </Transition>
            {form_error(apply)}
            <button type="submit" class="btn primary" disabled=move || apply.pending().get()>"Apply"</button>
        </form>
    }
}

#[component]
fn PreviewTable(p: CreditPreview) -> impl IntoView {
    let money = |d| format::money(d, &p.currency);
    view! {
        <div class="credit-preview" aria-live="polite">
            <table class="table">
                <thead>
                    <tr><th></th><th class="num">"Before"</th><th class="num">"After"</th></tr>
                </thead>
                <tbody>
                    <tr>
                        <th>"Current credit"</th>
                        <td class="num" data-field="credit-before">{money(p.credit_before)}</td>
                        <td class="num" data-field="credit-after">{money(p.credit_after)}</td>
                    </tr>
                    <tr>
                        <th>"Up-to-date credit"</th>
                        <td class="num" data-field="uptodate-before">{money(p.uptodate_before)}</td>
                        <td class="num" data-field="uptodate-after">{money(p.uptodate_after)}</td>
                    </tr>
                </tbody>
            </table>
            <ul class="credit-effects">
                {p.effects.iter().map(|e| view! { <li>{e.message(p.at)}</li> }).collect_view()}
            </ul>
        </div>
    }
}
