//! Domains: a client's list, the domain page, "Register domain".

use leptos::prelude::*;
use model::client_detail::Page;
use model::domains::{DomainDetail, DomainRow, Registration};
use model::AppError;

#[server(endpoint = "domains/list")]
pub async fn get_client_domains(client_id: i32, page: u64) -> Result<Page<DomainRow>, AppError> {
    crate::server::call(|cx| async move {
        domain::services::domains::list(&cx.db, client_id, page).await
    })
    .await
}

#[server(endpoint = "domains/get")]
pub async fn get_domain(domain_id: i32) -> Result<DomainDetail, AppError> {
    crate::server::call(|cx| async move { domain::services::domains::get(&cx.db, domain_id).await })
        .await
}

/// The TLDs "Register domain" offers: those some product sells.
#[server(endpoint = "domains/tlds")]
pub async fn get_domain_tlds() -> Result<Vec<String>, AppError> {
    crate::server::call(|cx| async move { domain::services::domains::tlds(&cx.db).await }).await
}

/// `years` arrives as text so that a non-number gets a field message, not a transport error.
#[server(endpoint = "domains/register")]
pub async fn register_domain(
    client_id: i32,
    name: String,
    tld: String,
    years: String,
) -> Result<Registration, AppError> {
    crate::server::call(|cx| async move {
        let years = years.trim().parse::<u32>().unwrap_or(0);
        domain::services::domains::register(&cx.db, &cx.actor, client_id, &name, &tld, years).await
    })
    .await
}
