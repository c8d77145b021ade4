//! Bulk actions on the selection: the selection bar's buttons and the one dialog that
//! confirms them (the count and the action; a deletion of more than one asks for the count,
//! typed). A started run is followed on its own page (`pages::bulk`).

use super::selection::Selecting;
use crate::api::bulk::start_bulk;
use crate::components::confirm::ConfirmDialog;
use crate::components::on_demand::OnDemand;
use crate::components::permission::Can;
use crate::data::Data;
use leptos::prelude::*;
use model::bulk::{run_href, BulkAction, BulkRequest};
use model::client_query::{Choice, FilterOptions};
use model::selection::Selection;
use model::AppError;

/// A bulk action before its parameters are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Suspend,
    Resume,
    Delete,
    ChangeConfiguration,
    AddToGroup,
    RemoveFromGroup,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Suspend,
        Kind::Resume,
        Kind::Delete,
        Kind::ChangeConfiguration,
        Kind::AddToGroup,
        Kind::RemoveFromGroup,
    ];

    /// The action with the dialog's choices; `None` while a choice is missing.
    fn action(self, reason: &str, target: Option<i32>) -> Option<BulkAction> {
        Some(match self {
            Kind::Suspend => BulkAction::Suspend {
                reason: reason.to_owned(),
            },
            Kind::Resume => BulkAction::Resume,
            Kind::Delete => BulkAction::Delete,
            Kind::ChangeConfiguration => BulkAction::ChangeConfiguration {
                configuration_id: target?,
            },
            Kind::AddToGroup => BulkAction::AddToGroup { group_id: target? },
            Kind::RemoveFromGroup => BulkAction::RemoveFromGroup { group_id: target? },
        })
    }

    /// The action's name and permission, from a stand-in with its parameters left out.
    fn sample(self) -> BulkAction {
        self.action("", Some(0)).expect("every choice given")
    }

    fn key(self) -> &'static str {
        self.sample().key()
    }

    fn question(self, n: u64) -> String {
        let clients = if n == 1 {
            "1 client".to_owned()
        } else {
            format!("{n} clients")
        };
        match self {
            Kind::Suspend => format!("Suspend {clients}? Their active services are suspended and their cloud projects disabled."),
            Kind::Resume => format!("Resume {clients}? The services their suspension stopped start again, as far as the licence allows."),
            Kind::Delete => format!("Delete {clients}? Their services are terminated and their cloud resources removed. Invoices and journal entries are kept. This cannot be undone."),
            Kind::ChangeConfiguration => format!("Give {clients} this configuration:"),
            Kind::AddToGroup => format!("Add {clients} to this group:"),
            Kind::RemoveFromGroup => format!("Take {clients} out of this group:"),
        }
    }

    /// The choices the action needs one of, if any.
    fn targets(self, options: &FilterOptions) -> Option<(&'static str, Vec<Choice>)> {
        match self {
            Kind::ChangeConfiguration => Some(("Configuration", options.configurations.clone())),
            Kind::AddToGroup | Kind::RemoveFromGroup => Some(("Group", options.groups.clone())),
            _ => None,
        }
    }
}

/// The dashboard's bulk dialog state: which action is being confirmed, on what.
#[derive(Clone, Copy)]
pub struct BulkMenu {
    asking: RwSignal<Option<(Kind, Selection)>>,
    reason: RwSignal<String>,
    target: RwSignal<String>,
    typed: RwSignal<String>,
    start: Action<BulkRequest, Result<i32, AppError>>,
}

impl BulkMenu {
    pub fn provide() -> BulkMenu {
        let menu = BulkMenu {
            asking: RwSignal::new(None),
            reason: RwSignal::new(String::new()),
            target: RwSignal::new(String::new()),
            typed: RwSignal::new(String::new()),
            start: Action::new(|r: &BulkRequest| start_bulk(r.clone())),
        };
        let navigate = leptos_router::hooks::use_navigate();
        Effect::new(move |_| {
            if let Some(Ok(id)) = menu.start.value().get() {
                menu.asking.set(None);
                if let Some(s) = use_context::<Selecting>() {
                    s.selection.set(Selection::Nothing);
                }
                navigate(&run_href(id), Default::default());
            }
        });
        provide_context(menu);
        menu
    }

    fn ask(&self, kind: Kind, selection: Selection) {
        self.start.value().set(None);
        self.reason.set(String::new());
        self.target.set(String::new());
        self.typed.set(String::new());
        self.asking.set(Some((kind, selection)));
    }
}

/// The selection bar's action buttons, each shown to who may start it.
#[component]
pub fn BulkButtons(selection: Selection) -> impl IntoView {
    let menu = expect_context::<BulkMenu>();
    Kind::ALL
        .into_iter()
        .map(|kind| {
            let selection = selection.clone();
            let sample = kind.sample();
            view! {
                <Can permission=sample.permission()>
                    <button
                        type="button"
                        class=if kind == Kind::Delete { "btn danger" } else { "btn" }
                        data-bulk=kind.key()
                        on:click={
                            let selection = selection.clone();
                            move |_| menu.ask(kind, selection.clone())
                        }
                    >
                        {sample.label()}
                    </button>
                </Can>
            }
        })
        .collect_view()
}

/// The confirmation of a bulk action (one per page).
#[component]
pub fn BulkDialog(options: Data<Result<FilterOptions, AppError>>) -> impl IntoView {
    let menu = expect_context::<BulkMenu>();
    view! {
        <OnDemand open=move || {
            menu.asking.get().map(|(kind, selection)| bulk_dialog(menu, kind, selection, options))
        } />
    }
}

#[lazy]
fn bulk_dialog(
    menu: BulkMenu,
    kind: Kind,
    selection: Selection,
    options: Data<Result<FilterOptions, AppError>>,
) -> AnyView {
    let busy = menu.start.pending();
    let n = selection.count();
    let sample = kind.sample();
    let typed_count = sample.needs_typed_count(n);
    let error = Signal::derive(move || {
        menu.start
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| error_text(&e))
    });
    let target = move || menu.target.get().parse::<i32>().ok();
    let ready = move || {
        kind.action(&menu.reason.get(), target()).is_some()
            && (!typed_count || menu.typed.get().trim() == n.to_string())
    };
    let submit = Callback::new(move |_: ()| {
        let Some(action) = kind.action(&menu.reason.get_untracked(), target()) else {
            return;
        };
        let confirm = typed_count
            .then(|| menu.typed.get_untracked().trim().parse().ok())
            .flatten();
        menu.start.dispatch(BulkRequest {
            selection: selection.clone(),
            action,
            confirm,
        });
    });
    let picker = move || {
        Suspend::new(async move {
            let options = options.await.ok()?;
            let (label, choices) = kind.targets(&options)?;
            Some(view! {
                <label class="field">
                    {label}
                    <select name="target" required on:change=move |ev| menu.target.set(event_target_value(&ev))>
                        <option value="" selected>"Choose…"</option>
                        {choices.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name}</option> }).collect_view()}
                    </select>
                </label>
            })
        })
    };
    view! {
        <ConfirmDialog
            title=format!("{} · {n} selected", sample.label())
            question=kind.question(n)
            confirm=format!("{} {n}", sample.label())
            danger=matches!(kind, Kind::Delete | Kind::Suspend)
            busy
            ready=Signal::derive(ready)
            error
            name="bulk"
            on_cancel=Callback::new(move |_| menu.asking.set(None))
            on_confirm=submit
        >
            <Suspense>{picker}</Suspense>
            {(kind == Kind::Suspend).then(|| view! {
                <label class="field">
                    "Reason (optional)"
                    <textarea name="reason" bind:value=menu.reason maxlength="500"></textarea>
                </label>
            })}
            {typed_count.then(|| view! {
                <label class="field">
                    {format!("Type {n} to confirm")}
                    <input name="confirm-count" inputmode="numeric" autocomplete="off" bind:value=menu.typed />
                </label>
            })}
        </ConfirmDialog>
    }
    .into_any()
}

/// A refusal as staff read it: a field's own message rather than "correct the fields".
fn error_text(e: &AppError) -> String {
    match e {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    }
}
