//! The hover (and focus) menu of a client: view, edit, and the lifecycle actions, which ask
//! through the page's one `LifecycleMenu`.

use crate::components::lifecycle::{LifecycleMenu, Pending};
use leptos::prelude::*;
use leptos_router::components::A;
use model::auth::CurrentUser;
use model::client::ClientSummary;
use model::routes;
use model::staff::Permission;

/// View details, edit, and the lifecycle actions the client's status allows to `user` (the
/// signed-in staff member, read once for the page).
#[component]
pub fn ClientActions(client: ClientSummary, user: Option<CurrentUser>) -> impl IntoView {
    let menu = use_context::<LifecycleMenu>();
    let name = client.display_name();
    let id = client.id;
    let label = format!("Actions for {name}");
    // What the signed-in role may do (the server refuses the rest anyway).
    let can = move |p: Permission| user.as_ref().is_some_and(|u| u.can(p));
    let edit = can(Permission::ManageClients).then(|| {
        view! {
            <A href=routes::edit_client(id) attr:class="action edit">
                "Edit"
            </A>
        }
    });
    let lifecycle = client
        .status
        .actions()
        .filter(|action| can(action.permission()))
        .map(|action| {
            let name = name.clone();
            let class = format!("action {}", action.label().to_lowercase());
            view! {
                <button
                    type="button"
                    class=class
                    on:click=move |_| {
                        if let Some(m) = menu {
                            m.ask(Pending { client_id: id, name: name.clone(), action });
                        }
                    }
                >
                    {action.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="actions" role="group" aria-label=label>
            <A href=routes::client(id) attr:class="action view">
                "View details"
            </A>
            {edit}
            {lifecycle}
        </div>
    }
}
