//! The OpenStack service tab: the service's details, "Change pricing plan", "Terminate
//! service", and "Create OpenStack service" for a client without a live one.

use super::HeaderRefresh;
use crate::api::openstack::{get_openstack_tab, ChangePlan, CreateOpenstack, TerminateService};
use crate::components::badge::Badge;
use crate::components::confirm::ConfirmDialog;
use crate::components::detail::{action_error, field_error, form_error};
use crate::components::loaded::Loaded;
use crate::components::permission::Can;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use model::cloud::{OpenstackService, OpenstackTab as OpenstackTabData, PlanOption};
use model::routes;
use model::staff::Permission;
use model::status::NewWork;
use model::ClientStatus;

#[component]
pub fn OpenstackTab(client_id: i32, status: ClientStatus) -> impl IntoView {
    let refresh = expect_context::<HeaderRefresh>();
    let change = ServerAction::<ChangePlan>::new();
    let terminate = ServerAction::<TerminateService>::new();
    let create = ServerAction::<CreateOpenstack>::new();
    let data = crate::data::load(
        move || {
            (
                client_id,
                change.version().get(),
                terminate.version().get(),
                create.version().get(),
            )
        },
        |(c, ..)| get_openstack_tab(c),
    );
    // Terminating or creating a service can change the client's status.
    Effect::new(move |_| {
        if matches!(terminate.value().get(), Some(Ok(_)))
            || matches!(create.value().get(), Some(Ok(_)))
        {
            refresh.bump();
        }
    });
    view! {
        {form_error(terminate)}
        <Loaded data let:tab>
            {tab_body(tab, client_id, status, change, terminate, create)}
        </Loaded>
    }
}

/// The service's facts, managing a live one, or creating one where none is live.
fn tab_body(
    tab: OpenstackTabData,
    client_id: i32,
    status: ClientStatus,
    change: ServerAction<ChangePlan>,
    terminate: ServerAction<TerminateService>,
    create: ServerAction<CreateOpenstack>,
) -> impl IntoView {
    let live = tab.service.as_ref().is_some_and(|s| s.status.is_live());
    let details = tab.service.clone().map(|s| {
        view! { <ServiceFacts service=s.clone() /> }
    });
    let manage = tab.service.clone().filter(|_| live).map(|s| {
        let plans = tab.plans.clone();
        view! {
            <Can permission=Permission::ManageBilling>
                <ManageService service=s.clone() plans=plans.clone() change terminate />
            </Can>
        }
    });
    let had_one = tab.service.is_some();
    let offer = (!live && status.allows(NewWork::Service)).then(|| {
        let plans = tab.plans.clone();
        view! {
            <Can permission=Permission::ManageBilling>
                <CreateService client_id plans=plans.clone() create had_one />
            </Can>
        }
    });
    view! { {details} {manage} {offer} }
}

#[component]
fn ServiceFacts(service: OpenstackService) -> impl IntoView {
    let s = service;
    view! {
        <dl class="facts openstack">
            <dt>"Service status"</dt>
            <dd><Badge tone=format!("svc-{}", s.status.as_str()) label=s.status.label() attr:data-field="service-status" /></dd>
            <dt>"Product"</dt>
            <dd>{s.product_name.clone()}</dd>
            <dt>"Product cycle"</dt>
            <dd>{s.cycle.map(|c| c.label()).unwrap_or("—")}</dd>
            <dt>"Pricing plan"</dt>
            <dd data-field="pricing-plan">{s.pricing_plan.as_ref().map(|p| p.name.clone()).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Service"</dt>
            <dd><A href=routes::service(s.service_id)>{s.service_name.clone()}</A></dd>
            <dt>"Project"</dt>
            <dd>{match s.project.clone() {
                Some((id, name)) => view! { <A href=routes::project(id)>{name}</A> }.into_any(),
                None => "—".into_any(),
            }}</dd>
            <dt>"Project domain ID"</dt>
            <dd><code>{s.project_domain_id.clone().unwrap_or_else(|| "—".into())}</code></dd>
        </dl>
    }
}

fn plan_options(plans: &[PlanOption], current: Option<i32>) -> impl IntoView {
    plans
        .iter()
        .map(|p| {
            view! {
                <option value=p.id selected=Some(p.id) == current>
                    {p.name.clone()}
                </option>
            }
        })
        .collect_view()
}

#[component]
fn ManageService(
    service: OpenstackService,
    plans: Vec<PlanOption>,
    change: ServerAction<ChangePlan>,
    terminate: ServerAction<TerminateService>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let current = service.pricing_plan.as_ref().map(|p| p.id);
    let id = service.service_id;
    view! {
        <div class="panel-row">
            <ActionForm action=change attr:class="panel change-plan">
                <h2>"Change pricing plan"</h2>
                <input type="hidden" name="service_id" value=id />
                <label>
                    "Pricing plan"
                    <select name="plan_id">{plan_options(&plans, current)}</select>
                </label>
                {field_error(change, "plan_id")}
                {form_error(change)}
                {move || matches!(change.value().get(), Some(Ok(()))).then(|| view! { <p class="ok">"Pricing plan changed."</p> })}
                <button type="submit" class="btn primary">"Change plan"</button>
            </ActionForm>
            <div class="panel">
                <h2>"Terminate service"</h2>
                <button type="button" class="btn danger" on:click=move |_| confirming.set(true)>"Terminate service"</button>
                <Show when=move || confirming.get()>
                    <ConfirmDialog
                        title="Terminate service"
                        question="Terminate this OpenStack service? Its project is disabled and it cannot be restarted."
                        confirm="Yes, terminate"
                        danger=true
                        busy=terminate.pending()
                        error=action_error(terminate)
                        name="terminate"
                        on_cancel=Callback::new(move |_| confirming.set(false))
                        on_confirm=Callback::new(move |_| {
                            terminate.dispatch(TerminateService { service_id: id });
                        })
                    />
                </Show>
            </div>
        </div>
    }
}

#[component]
fn CreateService(
    client_id: i32,
    plans: Vec<PlanOption>,
    create: ServerAction<CreateOpenstack>,
    had_one: bool,
) -> impl IntoView {
    let default = plans
        .iter()
        .find(|p| p.is_default)
        .or(plans.first())
        .map(|p| p.id);
    view! {
        <div class="panel no-service">
            <p>{if had_one {
                "The client's OpenStack service has ended; it has no active one."
            } else {
                "This client has no OpenStack service."
            }}</p>
            <ActionForm action=create>
                <input type="hidden" name="client_id" value=client_id />
                <label>
                    "Pricing plan"
                    <select name="plan_id">{plan_options(&plans, default)}</select>
                </label>
                {field_error(create, "plan_id")}
                {form_error(create)}
                <button type="submit" class="btn primary">"Create OpenStack service"</button>
            </ActionForm>
        </div>
    }
}
