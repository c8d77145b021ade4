//! `/staff/billing/invoices/:id`: an invoice with its items, totals, status and payments.

use crate::api::invoices::get_invoice;
use crate::components::badge::Badge;
use crate::components::detail_page::DetailPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::billing::InvoiceDetail;
use model::format;
use model::routes;

#[component]
pub fn InvoicePage() -> impl IntoView {
    view! {
        <DetailPage what="Invoice" load=get_invoice let:inv>
            {invoice_view(inv)}
        </DetailPage>
    }
}

fn invoice_view(inv: InvoiceDetail) -> impl IntoView {
    let cur = inv.row.currency.clone();
    let money = move |d| format::money(d, &cur);
    view! {
        <Title text=inv.row.number.clone() />
        <div class="page-head">
            <div>
                <p class="crumbs">{match inv.client_id {
                    Some(c) => view! { <A href=routes::client_tab(c, "invoices")>{inv.client_name.clone()}</A> }.into_any(),
                    None => view! { <span>{inv.client_name.clone()}</span> }.into_any(),
                }}" / Invoices"</p>
                <h1>{format!("Invoice {}", inv.row.number)}" "
                    <Badge tone=inv.row.tone.class() label=inv.row.tone.label(inv.row.status) attr:data-field="status" />
                </h1>
            </div>
        </div>
        <dl class="facts">
            <dt>"Issued"</dt><dd>{inv.row.issue_date.to_string()}</dd>
            <dt>"Due"</dt><dd data-field="due-date">{inv.row.due_date.to_string()}</dd>
            <dt>"Paid"</dt><dd>{inv.row.paid_at.map(|d| format::date(&d)).unwrap_or_else(|| "—".into())}</dd>
        </dl>
        <table class="table items">
            <thead><tr><th>"Description"</th><th class="num">"Quantity"</th><th class="num">"Unit price"</th><th class="num">"Amount"</th></tr></thead>
            <tbody>
                {inv.items.into_iter().map(|i| view! {
                    <tr>
                        <td>{match i.service_id {
                            Some(s) => view! { <A href=routes::service(s)>{i.description.clone()}</A> }.into_any(),
                            None => view! { <span>{i.description.clone()}</span> }.into_any(),
                        }}</td>
                        <td class="num">{i.quantity.normalize().to_string()}</td>
                        <td class="num">{money(i.unit_price)}</td>
                        <td class="num">{money(i.amount)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot>
                <tr><th colspan="3">"Subtotal"</th><td class="num" data-field="subtotal">{money(inv.subtotal)}</td></tr>
                <tr><th colspan="3">{format!("Tax ({}%)", inv.tax_rate.normalize())}</th><td class="num" data-field="tax">{money(inv.tax_total)}</td></tr>
                <tr><th colspan="3">"Total"</th><td class="num" data-field="total">{money(inv.row.total)}</td></tr>
            </tfoot>
        </table>
        <h2>"Payments"</h2>
        {if inv.payments.is_empty() {
            view! { <p class="empty">"No payments."</p> }.into_any()
        } else {
            view! {
                <table class="table payments">
                    <thead><tr><th>"Date"</th><th>"Source"</th><th>"Destination"</th><th class="num">"Amount"</th></tr></thead>
                    <tbody>
                        {inv.payments.into_iter().map(|p| view! {
                            <tr>
                                <td><A href=routes::journal_entry(p.id)>{format::date(&p.entry_date)}</A></td>
                                <td>{p.source_label()}</td>
                                <td>{p.destination.label()}</td>
                                <td class="num">{format::money(p.amount, &p.currency)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
