//! The domains tab: the client's domains and "Register domain".

use crate::api::domains::{get_client_domains, get_domain_tlds, RegisterDomain};
use crate::components::badge::Badge;
use crate::components::detail::{field_error, form_error, page_param};
use crate::components::paged_table::{Col, PagedTable};
use crate::components::permission::FormToggle;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use model::domains::MAX_YEARS;
use model::format;
use model::routes;
use model::staff::Permission;

const COLUMNS: &[Col] = &[
    Col::text("ID"),
    Col::text("Domain"),
    Col::text("Status"),
    Col::text("Expires"),
    Col::text("Created at"),
];

#[component]
pub fn DomainsTab(client_id: i32) -> impl IntoView {
    let page = page_param();
    let register = ServerAction::<RegisterDomain>::new();
    let data = crate::data::load(
        move || (client_id, page.get(), register.version().get()),
        |(c, p, _)| get_client_domains(c, p),
    );
    let open = RwSignal::new(false);
    let tlds = crate::data::load(|| (), |_| get_domain_tlds());
    view! {
        <FormToggle permission=Permission::ManageBilling label="Register domain" open=open />
        <Show when=move || open.get()>
            <ActionForm action=register attr:class="panel register-domain">
                <h2>"Register domain"</h2>
                <input type="hidden" name="client_id" value=client_id />
                <label>
                    "Domain name"
                    <input type="text" name="name" placeholder="example" autocomplete="off" />
                </label>
                {field_error(register, "name")}
                <label>
                    "TLD"
                    <select name="tld">
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                tlds.await.unwrap_or_default().into_iter().map(|t| view! {
                                    <option value=t.clone()>{format!(".{t}")}</option>
                                }).collect_view()
                            })}
                        </Transition>
                    </select>
                </label>
                {field_error(register, "tld")}
                <label>
                    "Years"
                    <input type="number" name="years" value="1" min="1" max=MAX_YEARS />
                </label>
                {field_error(register, "years")}
                {form_error(register)}
                <button type="submit" class="btn primary">"Register"</button>
            </ActionForm>
        </Show>
        {move || register.value().get().and_then(Result::ok).map(|r| view! {
            <p class="ok" role="status">
                "Domain registered: "
                <A href=routes::domain(r.domain_id)>"domain"</A>", "
                <A href=routes::service(r.service_id)>"service"</A>", "
                <A href=routes::invoice(r.invoice_id)>"invoice"</A>"."
            </p>
        })}
        <PagedTable data columns=COLUMNS empty="No domains." class="domains" link_rows=true row=|d| view! {
            <tr>
                <td><A href=routes::domain(d.id)>{d.id}</A></td>
                <td><A href=routes::domain(d.id)>{d.name.clone()}</A></td>
                <td><Badge tone=format!("dom-{}", d.status.as_str()) label=d.status.label() /></td>
                <td>{d.expires_at.map(|x| x.to_string()).unwrap_or_else(|| "—".into())}</td>
                <td>{format::date(&d.created_at)}</td>
            </tr>
        } />
    }
}
