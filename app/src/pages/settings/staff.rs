//! `/staff/settings/staff`: administrators manage staff accounts (create with an issued
//! password, change role, deactivate or reactivate, reset the password).

use crate::api::staff::{list_staff, CreateStaff, ResetStaffPassword, UpdateStaff};
use crate::components::badge::Badge;
use crate::components::detail::{error_view, field_error, form_error};
use crate::components::permission::Me;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use model::format;
use model::routes;
use model::staff::{IssuedPassword, StaffMember};
use model::StaffRole;

/// A password the server issued, shown once with what to do with it.
#[component]
fn Issued(issued: IssuedPassword) -> impl IntoView {
    view! {
        <div class="notice issued" role="status">
            <p>
                "Give this password to " <strong>{issued.email}</strong>
                " in person or over a trusted channel; it is shown only now, and must be replaced at the first sign-in:"
            </p>
            <code class="issued-password">{issued.password}</code>
        </div>
    }
}

fn role_options(selected: StaffRole) -> impl IntoView {
    StaffRole::ALL
        .iter()
        .map(|r| {
            view! {
                <option value=r.as_str() selected=*r == selected title=r.description()>
                    {r.label()}
                </option>
            }
        })
        .collect_view()
}

/// One account, with its actions (shared by every row, so the page can refresh the list and
/// show their outcome in one place).
#[component]
fn StaffRow(
    member: StaffMember,
    update: ServerAction<UpdateStaff>,
    reset: ServerAction<ResetStaffPassword>,
    /// The signed-in administrator's own row: another administrator changes it, and the
    /// password page changes one's own password.
    is_me: bool,
) -> impl IntoView {
    let (id, role, active) = (member.id, member.role, member.is_active);
    let role_label = format!("Role of {}", member.email);
    view! {
        <tr data-email=member.email.clone()>
            <td>{member.full_name.clone()}{is_me.then_some(" (you)")}</td>
            <td>{member.email.clone()}</td>
            <td>
                {if is_me {
                    view! { <span>{role.label()}</span> }.into_any()
                } else {
                    view! {
                        <ActionForm action=update attr:class="inline-form">
                            <input type="hidden" name="staff_id" value=id />
                            <input type="hidden" name="is_active" value=active.to_string() />
                            <select name="role" aria-label=role_label>
                                {role_options(role)}
                            </select>
                            <button type="submit" class="btn">"Save role"</button>
                        </ActionForm>
                    }
                    .into_any()
                }}
            </td>
            <td>
                {if active {
                    view! { <Badge tone="staff-active" label="Active" /> }
                } else {
                    view! { <Badge tone="staff-inactive" label="Deactivated" /> }
                }}
                {member.must_change_password.then(|| view! { <span class="muted">" · password to change"</span> })}
            </td>
            <td>{member.last_login_at.as_ref().map(format::date).unwrap_or_else(|| "never".into())}</td>
            <td class="row-actions">
                <Show when=move || !is_me fallback=|| view! { <a href=routes::PASSWORD_SETTINGS>"Change your password"</a> }>
                <ActionForm action=update attr:class="inline-form">
                    <input type="hidden" name="staff_id" value=id />
                    <input type="hidden" name="role" value=role.as_str() />
                    <input type="hidden" name="is_active" value=(!active).to_string() />
                    <button type="submit" class="btn">{if active { "Deactivate" } else { "Reactivate" }}</button>
                </ActionForm>
                <ActionForm action=reset attr:class="inline-form">
                    <input type="hidden" name="staff_id" value=id />
                    <button type="submit" class="btn">"Reset password"</button>
                </ActionForm>
                </Show>
            </td>
        </tr>
    }
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let me = use_context::<Me>();
    let create = ServerAction::<CreateStaff>::new();
    let update = ServerAction::<UpdateStaff>::new();
    let reset = ServerAction::<ResetStaffPassword>::new();
    let data = crate::data::load(
        move || {
            (
                create.version().get(),
                update.version().get(),
                reset.version().get(),
            )
        },
        |_| list_staff(),
    );
    view! {
        <Title text="Staff" />
        <div class="page-head">
            <h1>"Staff"</h1>
        </div>
        <ActionForm action=create attr:class="panel add-staff">
            <h2>"Add a staff member"</h2>
            <label>
                "Email"
                <input type="email" name="email" autocomplete="off" required />
            </label>
            {field_error(create, "email")}
            <label>
                "Name"
                <input type="text" name="full_name" autocomplete="off" required />
            </label>
            {field_error(create, "full_name")}
            <label>
                "Role"
                <select name="role">{role_options(StaffRole::ReadOnly)}</select>
            </label>
            {form_error(create)}
            <button type="submit" class="btn primary" disabled=move || create.pending().get()>
                "Add staff member"
            </button>
        </ActionForm>
        {move || create.value().get().and_then(Result::ok).map(|issued| view! { <Issued issued /> })}
        {form_error(update)}
        {form_error(reset)}
        {move || reset.value().get().and_then(Result::ok).map(|issued| view! { <Issued issued /> })}
        <dl class="role-help">
            {StaffRole::ALL.iter().map(|r| view! { <dt>{r.label()}</dt><dd>{r.description()}</dd> }).collect_view()}
        </dl>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let my_id = match me {
                    Some(me) => me.0.await.ok().flatten().map(|u| u.id),
                    None => None,
                };
                match data.await {
                    Err(e) => error_view(e),
                    Ok(staff) => view! {
                        <table class="table staff-list">
                            <thead>
                                <tr>
                                    <th>"Name"</th><th>"Email"</th><th>"Role"</th><th>"Status"</th>
                                    <th>"Last sign-in"</th><th>"Actions"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {staff
                                    .into_iter()
                                    .map(|member| {
                                        let is_me = Some(member.id) == my_id;
                                        view! { <StaffRow member update reset is_me /> }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}
