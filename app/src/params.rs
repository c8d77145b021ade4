//! Typed route parameters: the `:segments` of each route as a struct (leptos_router's
//! `Params`), so a page reads `id: Option<i32>` instead of parsing strings. A segment that
//! does not parse reads as `None`, and the page answers 404.

use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use model::client_detail::Tab;
use model::cloud::ResourceKind;

/// `/…/:id`
#[derive(Params, Clone, Debug, PartialEq)]
pub struct IdParams {
    pub id: Option<i32>,
}

/// `/staff/clients/:id/:tab`
#[derive(Params, Clone, Debug, PartialEq)]
pub struct ClientTabParams {
    pub id: Option<i32>,
    pub tab: Option<Tab>,
}

/// `/staff/cloud/:kind` and `/staff/cloud/:kind/:id`
#[derive(Params, Clone, Debug, PartialEq)]
pub struct ResourceParams {
    pub kind: Option<ResourceKind>,
    pub id: Option<i32>,
}

/// The route's parameters as `P`, `None` where they do not parse.
pub fn route<P>() -> Memo<Option<P>>
where
    P: Params + Clone + PartialEq + Send + Sync + 'static,
{
    let params = use_params::<P>();
    Memo::new(move |_| params.read().as_ref().ok().cloned())
}

/// The `:id` of the route, `None` when absent or not a number.
pub fn id() -> Memo<Option<i32>> {
    let params = route::<IdParams>();
    Memo::new(move |_| params.read().as_ref().and_then(|p| p.id))
}
