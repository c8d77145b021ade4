//! The filter panel: a real GET form on `/staff/clients` (it works before the wasm has loaded
//! and without JavaScript; once hydrated, leptos_router's `<Form>` navigates in the browser),
//! and the active filters as removable chips.

use leptos::prelude::*;
use leptos_router::components::{Form, A};
use model::client_query::{
    keys, Choice, ClientQuery, Dir, FilterOptions, SortKey, PER_PAGE_CHOICES,
};
use model::routes;
use model::{ClientStatus, ProductType};

/// Lists longer than this get a box that narrows them as one types.
const NARROW_FROM: usize = 8;

/// A list of checkboxes: the ticked values OR together. Each box is a plain form field
/// (`name=value`, repeated), so the GET form works before the wasm has loaded. A long list
/// scrolls, and once hydrated a box above it hides the values that do not contain what is
/// typed; ticked values stay in sight. The narrowing box has no name: it is never submitted.
#[component]
fn CheckList(
    label: &'static str,
    name: &'static str,
    choices: Vec<(String, String)>,
    selected: Vec<String>,
) -> impl IntoView {
    let narrow = RwSignal::new(String::new());
    let long = choices.len() > NARROW_FROM;
    let boxes = choices
        .into_iter()
        .map(|(value, text)| {
            let on = selected.contains(&value);
            let ticked = RwSignal::new(on);
            let folded = text.to_lowercase();
            let hidden = move || {
                let wanted = narrow.read().trim().to_lowercase();
                !ticked.get() && !wanted.is_empty() && !folded.contains(&wanted)
            };
            view! {
                <label class="check" class:hidden=hidden>
                    <input
                        type="checkbox"
                        name=name
                        value=value
                        checked=on
                        prop:checked=on
                        on:change=move |ev| ticked.set(event_target_checked(&ev))
                    />
                    <span>{text}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field checks" data-filter=name>
            <legend>{label}</legend>
            {long
                .then(|| {
                    view! {
                        <input
                            type="search"
                            class="narrow"
                            placeholder="Type to narrow"
                            aria-label=format!("Narrow the {} list", label.to_lowercase())
                            on:input=move |ev| narrow.set(event_target_value(&ev))
                        />
                    }
                })}
            <div class=if long { "check-list long" } else { "check-list" }>{boxes}</div>
        </fieldset>
    }
}

fn ids(choices: &[Choice]) -> Vec<(String, String)> {
    choices
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect()
}

fn strs(v: &[i32]) -> Vec<String> {
    v.iter().map(i32::to_string).collect()
}

/// Any / Yes / No.
fn yes_no(label: &'static str, name: &'static str, value: Option<bool>) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <select name=name data-filter=name>
                <option value="" selected=value.is_none() prop:selected=value.is_none()>"Any"</option>
                <option value="yes" selected=value == Some(true) prop:selected=value == Some(true)>"Yes"</option>
                <option value="no" selected=value == Some(false) prop:selected=value == Some(false)>"No"</option>
            </select>
        </label>
    }
}

/// Every control sets both the attribute (for the server render) and the property: when the
/// URL changes, the browser patches the existing elements, and a changed attribute alone would
/// not reset what the user had picked.
#[component]
pub fn FilterPanel(query: Memo<ClientQuery>, options: FilterOptions) -> impl IntoView {
    let options = StoredValue::new(options);
    move || {
        let q = query.get();
        let o = options.get_value();
        let statuses = ClientStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), s.label().to_owned()))
            .collect();
        let types = ProductType::ALL
            .iter()
            .map(|t| (t.as_str().to_owned(), t.label().to_owned()))
            .collect();
        let chips = chips(&q, &o);
        let has_chips = !chips.is_empty();
        let reset = q.cleared().href();
        let reset_chip = reset.clone();
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        view! {
            <aside class="filters">
                <Form method="get" action=routes::CLIENTS>
                    <p class="hint">"Tick several values of a list: any of them matches."</p>
                    <label class="field search">
                        <span>"Search"</span>
                        <input
                            type="search"
                            name=keys::SEARCH
                            value=q.search.clone()
                            prop:value=q.search.clone()
                            placeholder="Company, name, email, phone or ID"
                        />
                    </label>
                    <fieldset class="dates">
                        <legend>"Date created"</legend>
                        <label class="field">
                            <span>"From"</span>
                            <input type="date" name=keys::FROM value=date(q.created_from) prop:value=date(q.created_from) />
                        </label>
                        <label class="field">
                            <span>"To"</span>
                            <input type="date" name=keys::TO value=date(q.created_to) prop:value=date(q.created_to) />
                        </label>
                    </fieldset>
                    <CheckList label="Configuration" name=keys::CONFIGURATION choices=ids(&o.configurations) selected=strs(&q.configurations) />
                    <CheckList
                        label="Status"
                        name=keys::STATUS
                        choices=statuses
                        selected=q.statuses.iter().map(|s| s.as_str().to_owned()).collect()
                    />
                    {yes_no("Tax exempt", keys::TAX_EXEMPT, q.tax_exempt)}
                    <CheckList label="Client group" name=keys::GROUP choices=ids(&o.groups) selected=strs(&q.groups) />
                    <CheckList label="Has instances in region" name=keys::REGION choices=ids(&o.regions) selected=strs(&q.regions) />
                    <CheckList label="Has instances with flavor" name=keys::FLAVOR choices=ids(&o.flavors) selected=strs(&q.flavors) />
                    <CheckList
                        label="Has instances on hypervisor"
                        name=keys::HYPERVISOR
                        choices=ids(&o.hypervisors)
                        selected=strs(&q.hypervisors)
                    />
                    {yes_no("Has billing agreement", keys::BILLING_AGREEMENT, q.billing_agreement)}
                    {yes_no("Has services", keys::HAS_SERVICES, q.has_services)}
                    {yes_no("Has instances", keys::HAS_INSTANCES, q.has_instances)}
                    <CheckList
                        label="Has services of type"
                        name=keys::SERVICE_TYPE
                        choices=types
                        selected=q.service_types.iter().map(|t| t.as_str().to_owned()).collect()
                    />
                    <CheckList label="Has service for product" name=keys::PRODUCT choices=ids(&o.products) selected=strs(&q.products) />
                    <fieldset class="sorting">
                        <legend>"Sort"</legend>
                        <label class="field">
                            <span>"Sort by"</span>
                            <select name=keys::SORT data-filter=keys::SORT>
                                {SortKey::ALL
                                    .into_iter()
                                    .map(|k| view! { <option value=k.as_str() selected=q.sort == k prop:selected=q.sort == k>{k.label()}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <label class="field">
                            <span>"Direction"</span>
                            <select name=keys::DIR data-filter=keys::DIR>
                                <option value="asc" selected=q.dir == Dir::Asc prop:selected=q.dir == Dir::Asc>"Ascending"</option>
                                <option value="desc" selected=q.dir == Dir::Desc prop:selected=q.dir == Dir::Desc>"Descending"</option>
                            </select>
                        </label>
                        <label class="field">
                            <span>"Per page"</span>
                            <select name=keys::PER_PAGE data-filter=keys::PER_PAGE>
                                {PER_PAGE_CHOICES
                                    .into_iter()
                                    .map(|n| view! { <option value=n.to_string() selected=q.per_page == n prop:selected=q.per_page == n>{n}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                    </fieldset>
                    {q.view.map(|v| view! { <input type="hidden" name=keys::VIEW value=v.as_str() /> })}
                    <div class="filter-buttons">
                        <button type="submit" class="btn primary">"Apply"</button>
                        <A href=reset attr:class="btn">"Reset"</A>
                    </div>
                </Form>
            </aside>
            <div class="chips" aria-label="Active filters">
                {chips
                    .into_iter()
                    .map(|(label, without)| {
                        view! {
                            <A href=without.href() attr:class="chip" attr:title="Remove this filter">
                                {label}
                                <span aria-hidden="true">" ×"</span>
                            </A>
                        }
                    })
                    .collect_view()}
                {has_chips.then(|| view! { <A href=reset_chip.clone() attr:class="chip clear">"Clear all"</A> })}
            </div>
        }
    }
}

fn name_of(choices: &[Choice], id: i32) -> String {
    choices
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| format!("#{id}"), |c| c.name.clone())
}

fn yes_no_label(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// One chip per active filter value: its label, and the query without it.
pub fn chips(q: &ClientQuery, o: &FilterOptions) -> Vec<(String, ClientQuery)> {
    let mut out: Vec<(String, ClientQuery)> = Vec::new();
    if !q.search.trim().is_empty() {
        out.push((
            format!("Search: {}", q.search.trim()),
            q.with(|q| q.search.clear()),
        ));
    }
    if let Some(d) = q.created_from {
        out.push((
            format!("Created from {d}"),
            q.with(|q| q.created_from = None),
        ));
    }
    if let Some(d) = q.created_to {
        out.push((format!("Created to {d}"), q.with(|q| q.created_to = None)));
    }
    macro_rules! each {
        ($field:ident, $label:expr, $name:expr) => {
            for v in &q.$field {
                let v = v.clone();
                out.push((
                    format!("{}: {}", $label, $name(&v)),
                    q.with(|q| q.$field.retain(|x| *x != v)),
                ));
            }
        };
    }
    macro_rules! flag {
        ($field:ident, $label:expr) => {
            if let Some(b) = q.$field {
                out.push((
                    format!("{}: {}", $label, yes_no_label(b)),
                    q.with(|q| q.$field = None),
                ));
            }
        };
    }
    each!(configurations, "Configuration", |id: &i32| name_of(
        &o.configurations,
        *id
    ));
    each!(statuses, "Status", |s: &ClientStatus| s.label().to_owned());
    flag!(tax_exempt, "Tax exempt");
    each!(groups, "Group", |id: &i32| name_of(&o.groups, *id));
    each!(regions, "Region", |id: &i32| name_of(&o.regions, *id));
    each!(flavors, "Flavor", |id: &i32| name_of(&o.flavors, *id));
    each!(hypervisors, "Hypervisor", |id: &i32| name_of(
        &o.hypervisors,
        *id
    ));
    flag!(billing_agreement, "Billing agreement");
    flag!(has_services, "Has services");
    flag!(has_instances, "Has instances");
    each!(service_types, "Service type", |t: &ProductType| t
        .label()
        .to_owned());
    each!(products, "Product", |id: &i32| name_of(&o.products, *id));
    out
}
