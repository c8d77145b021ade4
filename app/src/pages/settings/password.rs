//! `/staff/settings/password`: a staff member chooses a new password (required after an
//! issued one, before anything else).

use crate::api::staff::ChangePassword;
use crate::components::detail::{field_error, form_error};
use crate::components::permission::Me;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use model::staff::MIN_PASSWORD_CHARS;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let me = use_context::<Me>();
    view! {
        <Title text="Change password" />
        <div class="page-head">
            <h1>"Change password"</h1>
        </div>
        <Suspense>
            {move || me.map(|me| Suspend::new(async move {
                me.0.await.ok().flatten().filter(|u| u.must_change_password).map(|_| view! {
                    <p class="notice" role="status">
                        "Your password was issued to you. Choose your own before you continue."
                    </p>
                })
            }))}
        </Suspense>
        <ActionForm action=change attr:class="panel narrow-form">
            <label>
                "Current password"
                <input type="password" name="current" autocomplete="current-password" required />
            </label>
            {field_error(change, "current")}
            <label>
                "New password"
                <input
                    type="password"
                    name="new_password"
                    autocomplete="new-password"
                    minlength=MIN_PASSWORD_CHARS
                    required
                />
            </label>
            <span class="hint">{format!("At least {MIN_PASSWORD_CHARS} characters.")}</span>
            {field_error(change, "new_password")}
            <label>
                "New password again"
                <input type="password" name="confirm" autocomplete="new-password" required />
            </label>
            {field_error(change, "confirm")}
            {form_error(change)}
            <button type="submit" class="btn primary" disabled=move || change.pending().get()>
                "Change password"
            </button>
        </ActionForm>
    }
}
