//! The one page every staff list uses (see `model::lists`): section tabs, a GET filter form
//! (works before the wasm has loaded; once hydrated, leptos_router's `<Form>` navigates in the
//! browser), per-status totals, a table with sortable headers, and the pager.

use crate::api::lists::get_list;
use crate::components::badge::Badge;
use crate::components::detail::{error_view, open_row};
use crate::components::pager::Pager;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use model::client_query::Dir;
use model::lists::{Cell, FilterInput, FilterSpec, ListKind, ListPage, ListQuery};
use model::AppError;

/// The URL query's pairs, every value of every key.
pub fn url_pairs(map: &ParamsMap) -> Vec<(String, String)> {
    let keys: std::collections::BTreeSet<String> =
        map.latest_values().map(|(k, _)| k.to_string()).collect();
    keys.into_iter()
        .flat_map(|k| {
            map.get_all(&k)
                .unwrap_or_default()
                .into_iter()
                .map(move |v| (k.clone(), v))
        })
        .collect()
}

/// The list's state, read from the URL.
pub fn use_list_query() -> Memo<ListQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        let pairs = url_pairs(&query.read());
        ListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    })
}

/// A staff list page; `children` go beside the title (e.g. "Open ticket").
#[component]
pub fn ListView(kind: ListKind, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let query = use_list_query();
    let data = crate::data::load(move || query.get(), move |q| get_list(kind, q));
    let section = kind.section();
    let tabs = section.lists();
    view! {
        <Title text=kind.title() />
        <div class="page-head">
            <h1>{section.label()}</h1>
            <div class="page-tools">{children.map(|c| c())}</div>
        </div>
        {(tabs.len() > 1).then(|| view! {
            <nav class="tabs list-tabs" aria-label=section.label()>
                {tabs.into_iter().map(|k| {
                    let here = k == kind;
                    view! {
                        <A href=k.path() attr:class=if here { "tab active" } else { "tab" }
                            attr:aria-current=here.then_some("page")>{k.title()}</A>
                    }
                }).collect_view()}
            </nav>
        })}
        <section class="list-page" data-list=kind.path()>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(AppError::Invalid(errors)) => {
                            // A cold URL with nonsense in it is the request's fault: say so.
                            #[cfg(feature = "ssr")]
                            if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
                                resp.set_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY);
                            }
                            view! {
                            <div class="error" role="alert">
                                <p>"These filters cannot be used:"</p>
                                <ul>
                                    {errors.into_iter().map(|e| view! {
                                        <li data-field=e.field>{e.message}</li>
                                    }).collect_view()}
                                </ul>
                                <A href=kind.path()>"Clear all filters"</A>
                            </div>
                        }.into_any()
                        }
                        Err(e) => error_view(e),
                        Ok(p) => view! { <ListBody page=p query=query.get_untracked() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ListBody(page: ListPage, query: ListQuery) -> impl IntoView {
    let path = page.kind.path();
    let (page_no, pages) = (page.page, page.pages());
    let noun = page.kind.title().to_lowercase();
    view! {
        <FilterForm filters=page.filters.clone() query=query.clone() path=path.clone() />
        <StatusTotals page=page.clone() query=query.clone() />
        <p class="count" data-total=page.total>{format!("{} {noun}", page.total)}</p>
        {if page.rows.is_empty() {
            view! { <p class="empty">{format!("No {noun} match these filters.")}</p> }.into_any()
        } else {
            view! { <ListTable page query path /> <Pager page=page_no pages /> }.into_any()
        }}
    }
}

/// Every control sets both the attribute (server render) and the property (a URL change in
/// the browser patches existing elements, and an attribute alone would not reset them).
#[component]
fn FilterForm(filters: Vec<FilterSpec>, query: ListQuery, path: String) -> impl IntoView {
    let kept: Vec<(String, String)> = ["sort", "dir"]
        .into_iter()
        .filter_map(|k| query.get(k).map(|v| (k.to_owned(), v.to_owned())))
        .collect();
    let field = move |f: FilterSpec| {
        let current = query.get(&f.name).unwrap_or_default().to_owned();
        let control = match f.input {
            FilterInput::Select(options) => view! {
                <select name=f.name.clone() data-filter=f.name.clone()>
                    <option value="" selected=current.is_empty() prop:selected=current.is_empty()>"Any"</option>
                    {options.into_iter().map(|(value, label)| {
                        let on = value == current;
                        view! { <option value=value selected=on prop:selected=on>{label}</option> }
                    }).collect_view()}
                </select>
            }.into_any(),
            FilterInput::Text { placeholder } => view! {
                <input type="text" name=f.name.clone() data-filter=f.name.clone() placeholder=placeholder
                    value=current.clone() prop:value=current.clone() />
            }.into_any(),
            FilterInput::Date => view! {
                <input type="date" name=f.name.clone() data-filter=f.name.clone()
                    value=current.clone() prop:value=current.clone() />
            }.into_any(),
        };
        view! { <label class="field"><span>{f.label}</span>{control}</label> }
    };
    view! {
        <Form method="get" action=path.clone() attr:class="list-filters">
            {filters.into_iter().map(field).collect_view()}
            {kept.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v /> }).collect_view()}
            <div class="filter-buttons">
                <button type="submit" class="btn primary">"Apply"</button>
                <A href=path attr:class="btn">"Reset"</A>
            </div>
        </Form>
    }
}

/// "All · Unpaid 12 · Paid 30 …": each filters the list by that status.
#[component]
fn StatusTotals(page: ListPage, query: ListQuery) -> impl IntoView {
    if page.totals.is_empty() {
        return None;
    }
    let path = page.kind.path();
    let param = page.totals_param.clone();
    let chosen = query.get(&param).map(str::to_owned);
    let all = page.totals.iter().map(|t| t.count).sum::<u64>();
    let all_href = query.with(&param, None).href(&path);
    Some(view! {
        <nav class="status-totals" aria-label="Totals by status">
            <A href=all_href attr:class=if chosen.is_none() { "total active" } else { "total" } attr:data-status="">
                "All "<b>{all}</b>
            </A>
            {page.totals.into_iter().map(|t| {
                let here = chosen.as_deref() == Some(t.value.as_str());
                let href = query.with(&param, Some(&t.value)).href(&path);
                view! {
                    <A href=href attr:class=format!("total {}{}", t.class, if here { " active" } else { "" })
                        attr:data-status=t.value.clone()>
                        {t.label}" "<b>{t.count}</b>
                    </A>
                }
            }).collect_view()}
        </nav>
    })
}

#[component]
fn ListTable(page: ListPage, query: ListQuery, path: String) -> impl IntoView {
    let header = |c: model::lists::ColumnSpec| {
        let class = if c.numeric { "num" } else { "" };
        match c.sort {
            None => view! { <th class=class>{c.label}</th> }.into_any(),
            Some(key) => {
                let current = (page.sort == key).then_some(page.dir);
                let href = query
                    .with_sort(&key, (&page.sort, page.dir), page.default_dir)
                    .href(&path);
                let (arrow, aria) = match current {
                    Some(Dir::Asc) => (" ▲", "ascending"),
                    Some(Dir::Desc) => (" ▼", "descending"),
                    None => ("", "none"),
                };
                view! {
                    <th class=class aria-sort=aria>
                        <A href=href attr:class="sort" attr:data-sort=key>{c.label}{arrow}</A>
                    </th>
                }
                .into_any()
            }
        }
    };
    let numeric: Vec<bool> = page.columns.iter().map(|c| c.numeric).collect();
    view! {
        <table class="table rows-link staff-list">
            <thead><tr>{page.columns.clone().into_iter().map(header).collect_view()}</tr></thead>
            <tbody on:click=open_row>
                {page.rows.into_iter().map(|r| view! {
                    <tr class=r.tone.clone().unwrap_or_default() data-tone=r.tone>
                        {r.cells.into_iter().zip(numeric.iter().copied()).map(|(c, num)| cell(c, num)).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn cell(c: Cell, numeric: bool) -> AnyView {
    let class = if numeric { "num" } else { "" };
    match c {
        Cell::Text(t) => view! { <td class=class>{t}</td> }.into_any(),
        Cell::Link { href, text } => {
            view! { <td class=class><A href=href>{text}</A></td> }.into_any()
        }
        Cell::Badge {
            class: badge,
            label,
        } => view! { <td class=class><Badge tone=badge label /></td> }.into_any(),
        Cell::Bar { class: bar, title } => {
            view! { <td class=format!("bar {bar}") title=title></td> }.into_any()
        }
    }
}
