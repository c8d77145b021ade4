//! The configuration tab: the client's configuration and its settings; "Change configuration".

use crate::api::configurations::{get_configuration_tab, ChangeConfiguration};
use crate::components::detail::{field_error, form_error};
use crate::components::loaded::Loaded;
use crate::components::permission::FormToggle;
use leptos::form::ActionForm;
use leptos::prelude::*;
use model::configurations::ConfigurationTab as ConfigurationTabData;
use model::format;
use model::staff::Permission;

#[component]
pub fn ConfigurationTab(client_id: i32) -> impl IntoView {
    let change = ServerAction::<ChangeConfiguration>::new();
    let data = crate::data::load(
        move || (client_id, change.version().get()),
        |(c, _)| get_configuration_tab(c),
    );
    let changing = RwSignal::new(false);
    view! {
        <Loaded data let:tab>
            {tab_body(tab, client_id, change, changing)}
        </Loaded>
    }
}

/// The configuration's facts and the change form.
fn tab_body(
    tab: ConfigurationTabData,
    client_id: i32,
    change: ServerAction<ChangeConfiguration>,
    changing: RwSignal<bool>,
) -> impl IntoView {
    let c = tab.current.clone();
    let yes_no = |b: bool| if b { "Yes" } else { "No" };
    let current_id = c.id;
    let choices = StoredValue::new(tab.choices.clone());
    view! {
        <h2 data-field="configuration-name">{c.name.clone()}{c.is_default.then_some(" (default)")}</h2>
        <p class="muted">{c.description.clone()}</p>
        <dl class="facts configuration">
            <dt>"Credit limit"</dt>
            <dd class="num">{format::money(c.credit_limit, "")}</dd>
            <dt>"Suspend automatically"</dt>
            <dd>{if c.auto_suspend { format!("Yes, after {} days", c.suspend_after_days) } else { "No".into() }}</dd>
            <dt>"Terminate automatically"</dt>
            <dd>{if c.auto_terminate { format!("Yes, after {} days", c.terminate_after_days) } else { "No".into() }}</dd>
            <dt>"Invoice payment term"</dt>
            <dd>{format!("{} days", c.invoice_due_days)}</dd>
            <dt>"Default configuration"</dt>
            <dd>{yes_no(c.is_default)}</dd>
        </dl>
        <FormToggle permission=Permission::ManageClients label="Change configuration" open=changing />
        <Show when=move || changing.get()>
            <ActionForm action=change attr:class="panel change-configuration">
                <input type="hidden" name="client_id" value=client_id />
                <label>
                    "Configuration"
                    <select name="configuration_id">
                        {choices.get_value().into_iter().map(|(id, name)| view! {
                            <option value=id selected=id == current_id>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                {field_error(change, "configuration_id")}
                {form_error(change)}
                <button type="submit" class="btn primary">"Save configuration"</button>
            </ActionForm>
        </Show>
    }
}
