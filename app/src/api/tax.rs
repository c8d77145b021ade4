//! Settings › Tax rates: the standard rates invoices carry.

use leptos::prelude::*;
use model::tax::TaxRateView;
use model::AppError;

#[server(endpoint = "tax/list")]
pub async fn list_tax_rates() -> Result<Vec<TaxRateView>, AppError> {
    crate::server::call(|cx| async move { domain::services::tax::list(&cx.db).await }).await
}

/// `rate`: percent as typed; `region` empty for the whole country.
#[server(endpoint = "tax/save")]
pub async fn save_tax_rate(country: String, region: String, rate: String) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::tax::save(&cx.db, &cx.actor, &country, &region, &rate).await
    })
    .await
}

#[server(endpoint = "tax/delete")]
pub async fn delete_tax_rate(country: String, region: String) -> Result<(), AppError> {
    crate::server::call(|cx| async move {
        domain::services::tax::delete(&cx.db, &cx.actor, &country, &region).await
    })
    .await
}
