//! The staff frame: top bar and navigation around every `/staff` page.

use crate::api::auth::{whoami, Logout};
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

/// The signed-in user's name and a sign-out button.
#[component]
pub fn SignOut() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    let logout = ServerAction::<Logout>::new();
    view! {
        <div class="usermenu">
            <Suspense>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().map(|u| view! { <span class="who" title=u.email.clone()>{u.full_name}</span> })
                })}
            </Suspense>
            <ActionForm action=logout>
                <button type="submit" class="btn link">"Sign out"</button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn StaffLayout() -> impl IntoView {
    view! {
        <div class="staff">
            <header class="topbar">
                <a class="brand" href="/staff/clients">
                    <span class="brand-mark">"☁"</span>
                    "Cumulus"
                    <span class="brand-sub">"staff"</span>
                </a>
                <nav class="mainnav" aria-label="Staff">
                    <A href="/staff/clients">"Clients"</A>
                    <A href="/staff/billing">"Billing"</A>
                    <A href="/staff/cloud">"Cloud"</A>
                    <A href="/staff/support">"Support"</A>
                </nav>
                <SignOut />
            </header>
            <main class="content">
                <Outlet />
            </main>
        </div>
    }
}
