//! The hover (and focus) menu of a client, and the confirmation dialog of its lifecycle
//! actions. Suspend, resume and delete go through `api::lifecycle` (the lifecycle service).

use crate::api::lifecycle::{delete_client, resume_client, suspend_client};
use crate::components::permission::Me;
use leptos::prelude::*;
use leptos_router::components::A;
use model::auth::CurrentUser;
use model::client::{ClientPage, ClientSummary};
use model::routes;
use model::staff::Permission;
use model::status::LifecycleAction;
use model::AppError;

/// A lifecycle action waiting for confirmation.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub client_id: i32,
    pub name: String,
    pub action: LifecycleAction,
}

type Run = (i32, LifecycleAction, String);

/// Shared by every card/row menu and the one dialog of the page.
#[derive(Clone, Copy)]
pub struct LifecycleMenu {
    pending: RwSignal<Option<Pending>>,
    reason: RwSignal<String>,
    run: Action<Run, Result<(), AppError>>,
}

impl LifecycleMenu {
    /// Provides the menu to the page; `data` is refetched after every action that worked.
    pub fn provide(data: Resource<Result<ClientPage, AppError>>) -> LifecycleMenu {
        let run = Action::new(|(id, action, reason): &Run| {
            let (id, action, reason) = (*id, *action, reason.clone());
            async move {
                match action {
                    LifecycleAction::Suspend => suspend_client(id, reason).await,
                    LifecycleAction::Resume => resume_client(id).await.map(|_| ()),
                    LifecycleAction::Delete => delete_client(id).await,
                }
            }
        });
        let menu = LifecycleMenu {
            pending: RwSignal::new(None),
            reason: RwSignal::new(String::new()),
            run,
        };
        Effect::new(move |_| {
            if let Some(Ok(())) = run.value().get() {
                menu.pending.set(None);
                data.refetch();
            }
        });
        provide_context(menu);
        menu
    }

    fn ask(&self, p: Pending) {
        self.run.value().set(None);
        self.reason.set(String::new());
        self.pending.set(Some(p));
    }
}

/// View details, edit, and the lifecycle actions the client's status allows.
#[component]
pub fn ClientActions(client: ClientSummary) -> impl IntoView {
    let menu = use_context::<LifecycleMenu>();
    let name = client.display_name();
    let id = client.id;
    let me = use_context::<Me>();
    let status = client.status;
    let label = format!("Actions for {name}");
    let buttons = move |user: Option<CurrentUser>| {
        let can = move |p: Permission| user.as_ref().is_some_and(|u| u.can(p));
        let edit = can(Permission::ManageClients).then(|| {
            view! {
                <A href=routes::edit_client(id) attr:class="action edit">
                    "Edit"
                </A>
            }
        });
        let name = name.clone();
        let lifecycle = status
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
        view! { {edit} {lifecycle} }
    };
    view! {
        <div class="actions" role="group" aria-label=label>
            <A href=routes::client(id) attr:class="action view">
                "View details"
            </A>
            // What the signed-in role may do (the server refuses the rest anyway).
            <Suspense>
                {move || {
                    let buttons = buttons.clone();
                    me.map(|me| Suspend::new(async move { buttons(me.0.await.ok().flatten()) }))
                }}
            </Suspense>
        </div>
    }
}

fn question(p: &Pending) -> String {
    match p.action {
        LifecycleAction::Suspend => format!(
            "Suspend {}? Its active services are suspended and its cloud projects disabled.",
            p.name
        ),
        LifecycleAction::Resume => format!(
            "Resume {}? The services its suspension stopped start again.",
            p.name
        ),
        LifecycleAction::Delete => format!(
            "Delete {}? Its services are terminated and its cloud resources removed. Invoices and journal entries are kept. This cannot be undone.",
            p.name
        ),
    }
}

/// The page's one confirmation dialog.
#[component]
pub fn ConfirmDialog(menu: LifecycleMenu) -> impl IntoView {
    let busy = menu.run.pending();
    move || {
        menu.pending.get().map(|p| {
            let error = move || {
                menu.run
                    .value()
                    .get()
                    .and_then(|r| r.err())
                    .map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })
            };
            let suspend = p.action == LifecycleAction::Suspend;
            let confirm = p.clone();
            view! {
                <div class="dialog-backdrop">
                    <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
                        <h2 id="confirm-title">{format!("{} client", p.action.label())}</h2>
                        <p>{question(&p)}</p>
                        {suspend.then(|| view! {
                            <label class="field">
                                "Reason (optional)"
                                <textarea name="reason" bind:value=menu.reason maxlength="500"></textarea>
                            </label>
                        })}
                        {error}
                        <div class="dialog-buttons">
                            <button type="button" class="btn" on:click=move |_| menu.pending.set(None)>
                                "Cancel"
                            </button>
                            <button
                                type="button"
                                class=if p.action == LifecycleAction::Resume { "btn primary" } else { "btn danger" }
                                disabled=move || busy.get()
                                on:click=move |_| {
                                    menu.run.dispatch((confirm.client_id, confirm.action, menu.reason.get_untracked()));
                                }
                            >
                                {format!("Yes, {}", p.action.label().to_lowercase())}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
