//! The staff frame: top bar and navigation around every `/staff` page.

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

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
            </header>
            <main class="content">
                <Outlet />
            </main>
        </div>
    }
}
