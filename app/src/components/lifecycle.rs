//! The lifecycle actions' one confirmation: the dashboard's hover menus and the client page's
//! header ask through a `LifecycleMenu`; suspend, resume and delete go through
//! `api::lifecycle` (the lifecycle service).

use crate::api::lifecycle::{delete_client, resume_client, suspend_client};
use crate::components::confirm::ConfirmDialog;
use crate::components::on_demand::OnDemand;
use leptos::prelude::*;
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

/// Shared by every button that starts a lifecycle action and the one dialog of the page.
#[derive(Clone, Copy)]
pub struct LifecycleMenu {
    pending: RwSignal<Option<Pending>>,
    reason: RwSignal<String>,
    run: Action<Run, Result<(), AppError>>,
}

impl LifecycleMenu {
    /// Provides the menu to the page; `done` runs after every action that worked.
    pub fn provide(done: Callback<LifecycleAction>) -> LifecycleMenu {
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
                if let Some(p) = menu.pending.get_untracked() {
                    menu.pending.set(None);
                    done.run(p.action);
                }
            }
        });
        provide_context(menu);
        menu
    }

    /// Opens the dialog for `p`.
    pub fn ask(&self, p: Pending) {
        self.run.value().set(None);
        self.reason.set(String::new());
        self.pending.set(Some(p));
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

/// The page's one lifecycle dialog, open while an action waits for confirmation.
#[component]
pub fn LifecycleDialog(menu: LifecycleMenu) -> impl IntoView {
    view! { <OnDemand open=move || menu.pending.get().map(|p| lifecycle_dialog(menu, p)) /> }
}

#[lazy]
fn lifecycle_dialog(menu: LifecycleMenu, p: Pending) -> AnyView {
    let busy = menu.run.pending();
    let error = Signal::derive(move || {
        menu.run
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.to_string())
    });
    let suspend = p.action == LifecycleAction::Suspend;
    let confirm = p.clone();
    view! {
        <ConfirmDialog
            title=format!("{} client", p.action.label())
            question=question(&p)
            confirm=format!("Yes, {}", p.action.label().to_lowercase())
            danger=p.action != LifecycleAction::Resume
            busy
            error
            name="lifecycle"
            on_cancel=Callback::new(move |_| menu.pending.set(None))
            on_confirm=Callback::new(move |_| {
                menu.run.dispatch((confirm.client_id, confirm.action, menu.reason.get_untracked()));
            })
        >
            {suspend.then(|| view! {
                <label class="field">
                    "Reason (optional)"
                    <textarea name="reason" bind:value=menu.reason maxlength="500"></textarea>
                </label>
            })}
        </ConfirmDialog>
    }
    .into_any()
}
