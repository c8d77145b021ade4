//! The users tab: the client's users and roles; associate, manage roles, dissociate,
//! impersonate.

use crate::api::client_users::{
    find_candidates, get_users_tab, AssociateUser, DissociateUser, SetUserRoles,
};
use crate::components::confirm::ConfirmDialog;
use crate::components::detail::{action_error, error_view, field_error, form_error};
use crate::components::permission::{Can, FormToggle};
use leptos::prelude::*;
use model::client_users::{ClientUserRow, UserOption};
use model::staff::Permission;
use model::status::NewWork;
use model::{ClientStatus, Role};

#[component]
pub fn UsersTab(client_id: i32, status: ClientStatus) -> impl IntoView {
    let changes = status.allows(NewWork::UserChange);
    let impersonation = status.allows(NewWork::Impersonation);
    let associate = ServerAction::<AssociateUser>::new();
    let set_roles = ServerAction::<SetUserRoles>::new();
    let dissociate = ServerAction::<DissociateUser>::new();
    let data = crate::data::load(
        move || {
            (
                client_id,
                associate.version().get(),
                set_roles.version().get(),
                dissociate.version().get(),
            )
        },
        |(c, ..)| get_users_tab(c),
    );
    let adding = RwSignal::new(false);
    Effect::new(move |_| {
        if matches!(associate.value().get(), Some(Ok(()))) {
            adding.set(false);
        }
    });
    view! {
        <Show when=move || changes>
            <FormToggle permission=Permission::ManageClientUsers label="Associate user" open=adding />
        </Show>
        {form_error(set_roles)}
        {form_error(dissociate)}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(tab) => {
                        let first = tab.users.is_empty();
                        let candidates = tab.candidates.clone();
                        view! {
                            <Show when=move || adding.get() && changes>
                                <Associate client_id candidates=candidates.clone() associate first />
                            </Show>
                            {if tab.users.is_empty() {
                                view! { <p class="empty">"No users are associated with this client."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="table users">
                                        <thead>
                                            <tr><th>"Name"</th><th>"Email"</th><th>"Roles"</th><th>"Actions"</th></tr>
                                        </thead>
                                        <tbody>
                                            {tab.users.into_iter().map(|u| view! {
                                                <UserRow client_id user=u set_roles dissociate changes impersonation />
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Role checkboxes bound to a set held in a signal.
fn role_boxes(chosen: RwSignal<Vec<Role>>) -> impl IntoView {
    Role::ALL
        .iter()
        .map(|&r| {
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        name="roles"
                        value=r.as_str()
                        prop:checked=move || chosen.read().contains(&r)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|v| {
                                v.retain(|x| *x != r);
                                if on {
                                    v.push(r);
                                }
                            });
                        }
                    />
                    {r.label()}
                </label>
            }
        })
        .collect_view()
}

#[component]
fn Associate(
    client_id: i32,
    candidates: Vec<UserOption>,
    associate: ServerAction<AssociateUser>,
    first: bool,
) -> impl IntoView {
    // Fleio's defaults: the first user owns the account, later ones are members.
    let roles = RwSignal::new(vec![if first { Role::Owner } else { Role::Member }]);
    let user = RwSignal::new(String::new());
    // Typing narrows the choices on the server (there may be many users); the latest answer
    // wins, so a slow earlier search cannot overwrite a newer one.
    let choices = RwSignal::new(candidates);
    let searched = RwSignal::new(0u32);
    let search = move |q: String| {
        let n = searched.get_untracked() + 1;
        searched.set(n);
        leptos::task::spawn_local(async move {
            if let Ok(found) = find_candidates(client_id, q).await {
                if searched.get_untracked() == n {
                    choices.set(found);
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        associate.dispatch(AssociateUser {
            client_id,
            user_id: user.get_untracked().parse().unwrap_or(0),
            roles: roles.get_untracked(),
        });
    };
    view! {
        <form class="panel associate" on:submit=submit>
            <h2>"Associate user"</h2>
            <label>
                "Find user"
                <input type="search" name="query" placeholder="Name or email" autocomplete="off"
                    on:input=move |ev| search(event_target_value(&ev)) />
            </label>
            <label>
                "User"
                <select name="user_id" on:change=move |ev| user.set(event_target_value(&ev))>
                    <option value="">"Choose a user…"</option>
                    <For each=move || choices.get() key=|c| c.id let:c>
                        <option value=c.id>{c.label}</option>
                    </For>
                </select>
            </label>
            {field_error(associate, "user_id")}
            <fieldset>
                <legend>"Roles"</legend>
                {role_boxes(roles)}
            </fieldset>
            {field_error(associate, "roles")}
            {form_error(associate)}
            <button type="submit" class="btn primary">"Associate"</button>
        </form>
    }
}

#[component]
fn UserRow(
    client_id: i32,
    user: ClientUserRow,
    set_roles: ServerAction<SetUserRoles>,
    dissociate: ServerAction<DissociateUser>,
    /// Role changes are open (`NewWork::UserChange`).
    changes: bool,
    /// Impersonation is open for the client (`NewWork::Impersonation`).
    impersonation: bool,
) -> impl IntoView {
    // Only active users can be impersonated (the server refuses the others too).
    let impersonate = impersonation && user.is_active;
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let roles = RwSignal::new(user.roles.iter().collect::<Vec<_>>());
    let user_id = user.user_id;
    let question = StoredValue::new(format!(
        "Dissociate {} from this client? They keep their account but lose access to the client.",
        user.full_name
    ));
    let labels = user
        .roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr data-user=user_id>
            <td>{user.full_name.clone()}{(!user.is_active).then(|| view! { <span class="muted">" (inactive)"</span> })}</td>
            <td>{user.email.clone()}</td>
            <td class="roles">
                <Show when=move || editing.get() fallback=move || labels.clone()>
                    <form class="inline" on:submit=move |ev| {
                        ev.prevent_default();
                        set_roles.dispatch(SetUserRoles { client_id, user_id, roles: roles.get_untracked() });
                    }>
                        {role_boxes(roles)}
                        {field_error(set_roles, "roles")}
                        <button type="submit" class="btn primary">"Save roles"</button>
                    </form>
                </Show>
            </td>
            <td class="actions">
                <Can permission=Permission::Impersonate>
                    <Show when=move || impersonate>
                        <form method="post" action="/api/auth/impersonate" class="inline">
                            <input type="hidden" name="user_id" value=user_id />
                            <button type="submit" class="btn">"Impersonate"</button>
                        </form>
                    </Show>
                </Can>
                <Can permission=Permission::ManageClientUsers>
                    <Show when=move || changes>
                        <button type="button" class="btn" on:click=move |_| editing.update(|e| *e = !*e)>"Manage roles"</button>
                    </Show>
                    <button type="button" class="btn danger" on:click=move |_| confirming.set(true)>"Dissociate"</button>
                    <Show when=move || confirming.get()>
                        <ConfirmDialog
                            title="Dissociate user"
                            question=question.get_value()
                            confirm="Yes, dissociate"
                            danger=true
                            busy=dissociate.pending()
                            error=action_error(dissociate)
                            name="dissociate"
                            on_cancel=Callback::new(move |_| confirming.set(false))
                            on_confirm=Callback::new(move |_| {
                                dissociate.dispatch(DissociateUser { client_id, user_id });
                            })
                        />
                    </Show>
                </Can>
            </td>
        </tr>
    }
}
