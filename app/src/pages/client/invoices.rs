//! The invoices tab: the client's invoices coloured by status, and "Add invoice".

use crate::api::invoices::{get_client_invoices, CreateInvoice};
use crate::components::badge::Badge;
use crate::components::detail::{field_error, form_error, page_param};
use crate::components::paged_table::{Col, PagedTable};
use crate::components::permission::FormToggle;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use model::billing::{NewInvoice, NewInvoiceItem};
use model::format;
use model::routes;
use model::staff::Permission;
use model::status::NewWork;
use model::ClientStatus;

const COLUMNS: &[Col] = &[
    Col::text("Number"),
    Col::text("Issued"),
    Col::text("Due"),
    Col::text("Paid"),
    Col::num("Total"),
    Col::text("Status"),
];

#[component]
pub fn InvoicesTab(client_id: i32, status: ClientStatus) -> impl IntoView {
    let page = page_param();
    let data = crate::data::load(
        move || (client_id, page.get()),
        |(c, p)| get_client_invoices(c, p),
    );
    let adding = RwSignal::new(false);
    view! {
        <Show when=move || status.allows(NewWork::Invoice)>
            <FormToggle permission=Permission::ManageBilling label="Add invoice" open=adding />
        </Show>
        <Show when=move || adding.get() && status.allows(NewWork::Invoice)>
            <AddInvoice client_id />
        </Show>
        <PagedTable data columns=COLUMNS empty="No invoices." class="invoices" link_rows=true row=|r| view! {
            <tr class=r.tone.class() data-tone=r.tone.class()>
                <td><A href=routes::invoice(r.id)>{r.number.clone()}</A></td>
                <td>{r.issue_date.to_string()}</td>
                <td>{r.due_date.to_string()}</td>
                <td>{r.paid_at.map(|d| format::date(&d)).unwrap_or_else(|| "—".into())}</td>
                <td class="num">{format::money(r.total, &r.currency)}</td>
                <td><Badge tone=r.tone.class() label=r.tone.label(r.status) /></td>
            </tr>
        } />
    }
}

/// The add-invoice form: any number of item rows and a due date. The server checks and
/// computes everything; on success the new invoice opens.
#[component]
fn AddInvoice(client_id: i32) -> impl IntoView {
    let create = ServerAction::<CreateInvoice>::new();
    let items = RwSignal::new(vec![(
        0usize,
        RwSignal::new(NewInvoiceItem {
            quantity: "1".into(),
            ..Default::default()
        }),
    )]);
    let next_key = RwSignal::new(1usize);
    let due_date = RwSignal::new(String::new());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&routes::invoice(id), Default::default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = NewInvoice {
            items: items
                .get_untracked()
                .iter()
                .map(|(_, s)| s.get_untracked())
                .collect(),
            due_date: due_date.get_untracked(),
        };
        create.dispatch(CreateInvoice { client_id, input });
    };
    view! {
        <form class="panel add-invoice" on:submit=submit>
            <h2>"New invoice"</h2>
            <table class="table items">
                <thead>
                    <tr><th>"Description"</th><th>"Quantity"</th><th>"Unit price"</th><th></th></tr>
                </thead>
                <tbody>
                    <For each=move || items.get() key=|(k, _)| *k let:((key, item))>
                        <tr>
                            <td>
                                <input type="text" name="description" aria-label="Description"
                                    prop:value=move || item.read().description.clone()
                                    on:input=move |ev| item.update(|i| i.description = event_target_value(&ev)) />
                                {item_error(create, items, key, "description")}
                            </td>
                            <td>
                                <input type="text" inputmode="decimal" name="quantity" aria-label="Quantity"
                                    prop:value=move || item.read().quantity.clone()
                                    on:input=move |ev| item.update(|i| i.quantity = event_target_value(&ev)) />
                                {item_error(create, items, key, "quantity")}
                            </td>
                            <td>
                                <input type="text" inputmode="decimal" name="unit_price" aria-label="Unit price"
                                    prop:value=move || item.read().unit_price.clone()
                                    on:input=move |ev| item.update(|i| i.unit_price = event_target_value(&ev)) />
                                {item_error(create, items, key, "unit_price")}
                            </td>
                            <td>
                                <button type="button" class="btn link"
                                    on:click=move |_| items.update(|v| v.retain(|(k, _)| *k != key))>
                                    "Remove"
                                </button>
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
            {field_error(create, "items")}
            <p>
                <button type="button" class="btn" on:click=move |_| {
                    let k = next_key.get_untracked();
                    next_key.set(k + 1);
                    items.update(|v| v.push((k, RwSignal::new(NewInvoiceItem { quantity: "1".into(), ..Default::default() }))));
                }>"Add item"</button>
            </p>
            <label>
                "Due date (empty: the configuration's payment term)"
                <input type="date" name="due_date" prop:value=move || due_date.get()
                    on:input=move |ev| due_date.set(event_target_value(&ev)) />
            </label>
            {field_error(create, "due_date")}
            {form_error(create)}
            <p class="muted">"Totals and tax are computed by the server (no tax for tax-exempt clients)."</p>
            <button type="submit" class="btn primary" disabled=move || create.pending().get()>"Create invoice"</button>
        </form>
    }
}

type Items = RwSignal<Vec<(usize, RwSignal<NewInvoiceItem>)>>;

/// The message for one field of the item with `key` (messages name items by position).
fn item_error(
    create: ServerAction<CreateInvoice>,
    items: Items,
    key: usize,
    field: &'static str,
) -> impl IntoView {
    move || {
        let n = items.read().iter().position(|(k, _)| *k == key)?;
        let name = format!("items.{n}.{field}");
        create
            .value()
            .with(|v| match v {
                Some(Err(e)) => e.field(&name),
                _ => None,
            })
            .map(|m| view! { <span class="field-error" data-field=name.clone()>{m}</span> })
    }
}
