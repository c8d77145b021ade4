//! The staff frame: top bar and navigation around every `/staff` page.

use crate::api::auth::Logout;
use crate::components::permission::{provide_me, Can, Me};
use crate::components::shortcuts::KeyboardShortcuts;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::{Outlet, A};
use model::routes;
use model::staff::Permission;

/// The signed-in user's name (and role), their password page and a sign-out button.
#[component]
pub fn SignOut() -> impl IntoView {
    let me = use_context::<Me>().map(|m| m.0);
    view! {
        <div class="usermenu">
            <Suspense>
                {move || me.map(|me| Suspend::new(async move {
                    me.await.ok().flatten().map(|u| {
                        let title = match u.role {
                            Some(role) => format!("{} · {}", u.email, role.label()),
                            None => u.email.clone(),
                        };
                        view! { <span class="who" title=title>{u.full_name}</span> }
                    })
                }))}
            </Suspense>
            <a href=routes::PASSWORD_SETTINGS class="btn link">"Password"</a>
            // A plain form: signing out leaves the app for the sign-in page anyway (the server
            // answers with a redirect), so it needs no client-side action code.
            <form method="post" action=Logout::url()>
                <button type="submit" class="btn link">"Sign out"</button>
            </form>
        </div>
    }
}

#[component]
pub fn StaffLayout() -> impl IntoView {
    provide_me();
    view! {
        <div class="staff">
            <header class="topbar">
                <a class="brand" href=routes::CLIENTS>
                    <span class="brand-mark">"☁"</span>
                    "Cumulus"
                    <span class="brand-sub">"staff"</span>
                </a>
                <nav class="mainnav" aria-label="Staff">
                    <A href=routes::CLIENTS>"Clients"</A>
                    <A href="/staff/billing">"Billing"</A>
                    <A href="/staff/cloud">"Cloud"</A>
                    <A href="/staff/support">"Support"</A>
                    <A href=routes::DOMAINS>"Domains"</A>
                    <Can permission=Permission::ManageStaff>
                        <A href=routes::STAFF_SETTINGS>"Staff"</A>
                    </Can>
                    <A href=routes::TAX_SETTINGS>"Tax rates"</A>
                </nav>
                <SignOut />
            </header>
            <main class="content">
                <Outlet />
            </main>
            <KeyboardShortcuts />
        </div>
    }
}
