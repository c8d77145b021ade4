//! The card view: a grid of client cards.

use super::actions::ClientActions;
use super::matched::MatchedLine;
use super::pinned::PinnedIcon;
use super::selection::SelectBox;
use crate::components::status_badge::StatusBadge;
use leptos::prelude::*;
use leptos_router::components::A;
use model::auth::CurrentUser;
use model::client::ClientSummary;
use model::client_query::ClientQuery;
use model::format;
use model::routes;

#[component]
pub fn ClientCards(
    clients: Vec<ClientSummary>,
    query: Memo<ClientQuery>,
    user: Option<CurrentUser>,
) -> impl IntoView {
    let empty = clients.is_empty();
    let page = std::sync::Arc::new(clients.iter().map(|c| c.id).collect::<Vec<_>>());
    view! {
        <div class="cards" data-view="cards">
            {empty.then(|| view! { <p class="muted">"No client matches."</p> })}
            {clients
                .into_iter()
                .map(|c| {
                    let (id, name) = (c.id, c.display_name());
                    view! {
                        <article class="card client-card client-item" tabindex="0" data-id=id>
                            <header>
                                <SelectBox id=id name=name.clone() page=page.clone() query />
                                <h2>
                                    <A href=routes::client(id)>{name}</A>
                                    <PinnedIcon notes=c.pinned_notes.clone() />
                                </h2>
                                <StatusBadge status=c.status error=c.lifecycle_error.clone() />
                            </header>
                            <p class="muted">{c.email.clone()}</p>
                            <MatchedLine matched=c.matched.clone() />
                            <dl>
                                <dt>"Country"</dt>
                                <dd class="country">{c.country.clone()}</dd>
                                <dt>"Credit"</dt>
                                <dd class="num credit">{format::money(c.uptodate_credit, &c.currency)}</dd>
                                <dt>"Configuration"</dt>
                                <dd class="configuration">{c.configuration.clone()}</dd>
                                <dt>"Groups"</dt>
                                <dd class="groups">{c.groups.join(", ")}</dd>
                                <dt>"Services / instances"</dt>
                                <dd>{format!("{} / {}", c.services, c.instances)}</dd>
                                <dt>"Created"</dt>
                                <dd>{format::date(&c.created_at)}</dd>
                            </dl>
                            <ClientActions client=c.clone() user=user.clone() />
                        </article>
                    }
                })
                .collect_view()}
        </div>
    }
}
