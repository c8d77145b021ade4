//! The cloud resources tab: one list per kind (instances, volumes, networks, routers, SSH keys,
//! images, ports), the kind and page in the URL; a row opens the resource's page.

use crate::api::resources::{get_resources_tab, RefreshFromCloud};
use crate::components::detail::{form_error, page_param};
use crate::components::loaded::Loaded;
use crate::components::paged_table::{Col, PageTable};
use crate::components::permission::Can;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::cloud::{CloudSync, ResourceKind, ResourceTab};
use model::format;
use model::routes;
use model::staff::Permission;

const COLUMNS: &[Col] = &[
    Col::text("Name"),
    Col::text("Status"),
    Col::text("Details"),
    Col::text("Created"),
];

#[component]
pub fn ResourcesTab(client_id: i32) -> impl IntoView {
    let query = use_query_map();
    let kind = Memo::new(move |_| {
        query
            .read()
            .get_str("kind")
            .and_then(ResourceKind::from_slug)
            .unwrap_or(ResourceKind::Instances)
    });
    let page = page_param();
    let refresh = ServerAction::<RefreshFromCloud>::new();
    let tick = RwSignal::new(0u32);
    let data = crate::data::load(
        move || {
            (
                client_id,
                kind.get(),
                page.get(),
                refresh.version().get(),
                tick.get(),
            )
        },
        |(c, k, p, _, _)| get_resources_tab(c, k, p),
    );
    // While a sync runs, the tab follows it until it has finished.
    crate::components::live::refresh_while(
        move || {
            data.get()
                .and_then(Result::ok)
                .is_some_and(|t| t.sync.running)
        },
        move || tick.update(|n| *n += 1),
    );
    view! {
        <Loaded data let:tab>
            <TabBody tab client_id refresh />
        </Loaded>
    }
}

#[component]
fn TabBody(
    tab: ResourceTab,
    client_id: i32,
    refresh: ServerAction<RefreshFromCloud>,
) -> impl IntoView {
    let current = tab.kind;
    view! {
        <SyncBar sync=tab.sync.clone() client_id refresh />
        <nav class="subtabs" aria-label="Resource kind">
            {tab.counts.into_iter().map(|(k, n)| view! {
                <A
                    href=routes::client_resources(client_id, k.slug())
                    attr:class=if k == current { "subtab active" } else { "subtab" }
                    attr:data-kind=k.slug()
                >
                    {format!("{} ({n})", k.label())}
                </A>
            }).collect_view()}
        </nav>
        <h2 data-kind=current.slug()>{current.label()}</h2>
        <PageTable page=tab.page columns=COLUMNS class="resources" link_rows=true
            empty=format!("No {}.", current.label().to_lowercase())
            row=move |r| view! {
                <tr>
                    <td><A href=routes::resource(current.slug(), r.id)>{r.name.clone()}</A></td>
                    <td>{r.status.clone()}</td>
                    <td>{r.detail.clone()}</td>
                    <td>{format::date(&r.created_at)}</td>
                </tr>
            } />
    }
}

/// When the resources were last read from the cloud, and "Refresh from cloud".
#[component]
fn SyncBar(
    sync: CloudSync,
    client_id: i32,
    refresh: ServerAction<RefreshFromCloud>,
) -> impl IntoView {
    let state = if sync.running {
        "Refreshing from the cloud…".to_owned()
    } else {
        match sync.synced_at {
            Some(at) => format!(
                "Last synced from the cloud {} UTC",
                at.format("%Y-%m-%d %H:%M")
            ),
            None => "Not synced from the cloud yet".to_owned(),
        }
    };
    view! {
        <div class="tab-actions cloud-sync" data-running=sync.running.to_string()>
            <span class="muted sync-state">{state}</span>
            {sync.error.map(|e| view! { <span class="error sync-error">"Last sync failed: "{e}</span> })}
            <Can permission=Permission::ManageClients>
                <ActionForm action=refresh attr:class="inline">
                    <input type="hidden" name="client_id" value=client_id />
                    <button type="submit" class="btn" disabled=sync.running>"Refresh from cloud"</button>
                </ActionForm>
            </Can>
            {form_error(refresh)}
        </div>
    }
}
