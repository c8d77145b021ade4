//! The pages that are not the clients dashboard, as lazy routes: built with `--split` (release),
//! each one's code is a separate wasm chunk the browser fetches the first time the page is
//! shown, so the bundle loaded before `/staff/clients` is interactive holds the dashboard only.
//! The server renders them as usual and names the chunks a page needs as `<link rel=preload>`.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// `$route` is the lazy route for the page component `$page` (which loads its own data, so the
/// route's `data()` has nothing to start).
macro_rules! lazy_page {
    ($($route:ident => $page:path;)*) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    LoginRoute => crate::pages::login::LoginPage;
    PortalRoute => crate::pages::portal::PortalPage;
    BulkRunsRoute => crate::pages::bulk::BulkRunsPage;
    BulkRunRoute => crate::pages::bulk::BulkRunPage;
    TaxSettingsRoute => crate::pages::settings::tax::TaxRatesPage;
    ClientNewRoute => crate::pages::clients::ClientNewPage;
    ClientEditRoute => crate::pages::clients::ClientEditPage;
    ClientDetailRoute => crate::pages::client::ClientDetailPage;
    InvoicesRoute => crate::pages::lists::InvoicesList;
    ServicesRoute => crate::pages::lists::ServicesList;
    JournalRoute => crate::pages::lists::JournalList;
    ProjectsRoute => crate::pages::lists::ProjectsList;
    ResourcesRoute => crate::pages::lists::ResourcesList;
    TicketsRoute => crate::pages::lists::TicketsList;
    DomainsRoute => crate::pages::lists::DomainsList;
    InvoiceRoute => crate::pages::billing::invoice::InvoicePage;
    JournalEntryRoute => crate::pages::billing::journal::JournalEntryPage;
    ServiceRoute => crate::pages::billing::service::ServicePage;
    ProjectRoute => crate::pages::cloud::project::ProjectPage;
    ResourceRoute => crate::pages::cloud::resource::ResourcePage;
    DomainRoute => crate::pages::domains::DomainPage;
    TicketRoute => crate::pages::support::ticket::TicketPage;
    StaffSettingsRoute => crate::pages::settings::staff::StaffPage;
    PasswordSettingsRoute => crate::pages::settings::password::PasswordPage;
}
