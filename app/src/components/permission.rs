//! Who is signed in, for every staff page: the layout loads it once, and `Can` shows its
//! children only to a role that may use them (the server refuses the rest anyway).

use crate::api::auth::whoami;
use leptos::prelude::*;
use model::auth::CurrentUser;
use model::staff::Permission;
use model::AppError;

/// The signed-in user, loaded once by the staff layout.
#[derive(Clone, Copy)]
pub struct Me(pub crate::data::Data<Result<Option<CurrentUser>, AppError>>);

/// Loads the signed-in user and makes it available to every component below.
pub fn provide_me() -> Me {
    let me = Me(crate::data::load(|| (), |_| whoami()));
    provide_context(me);
    me
}

/// Renders `children` only when the signed-in staff member has `permission`.
#[component]
pub fn Can(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let me = use_context::<Me>();
    view! {
        <Suspense>
            {move || {
                let children = children.clone();
                me.map(|me| Suspend::new(async move {
                    let allowed = me.0.await.ok().flatten().is_some_and(|u| u.can(permission));
                    allowed.then(|| children())
                }))
            }}
        </Suspense>
    }
}

/// The button above a tab that opens (and closes) its form, for roles with `permission`.
#[component]
pub fn FormToggle(
    permission: Permission,
    label: &'static str,
    open: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <Can permission>
            <div class="tab-actions">
                <button type="button" class="btn primary" on:click=move |_| open.update(|o| *o = !*o)>
                    {label}
                </button>
            </div>
        </Can>
    }
}
