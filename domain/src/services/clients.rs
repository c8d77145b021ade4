//! Reading clients for the dashboard.

use crate::entities::{client_group, configuration, flavor, hypervisor, product, region};
use model::client::ClientPage;
use model::client_query::{Choice, ClientQuery, FilterOptions};
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::QuerySelect;

/// The largest page a caller may ask for: page queries are always bounded.
pub use model::paging::MAX_PER_PAGE;

/// One page of clients: see `client_query` for the filters and sorts.
pub async fn list(db: &DatabaseConnection, q: &ClientQuery) -> Result<ClientPage, AppError> {
    super::client_query::page(db, q).await
}

/// The choices of every database-backed filter, each sorted by name.
pub async fn filter_options(db: &DatabaseConnection) -> Result<FilterOptions, AppError> {
    fn choices(rows: Vec<(i32, String)>) -> Vec<Choice> {
        let mut v: Vec<Choice> = rows
            .into_iter()
            .map(|(id, name)| Choice { id, name })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        v
    }
    macro_rules! pairs {
        ($entity:path, $id:expr, $name:expr) => {
            choices(
                <$entity>::find()
                    .select_only()
                    .column($id)
                    .column($name)
                    .into_tuple::<(i32, String)>()
                    .all(db)
                    .await?,
            )
        };
    }
    Ok(FilterOptions {
        configurations: pairs!(
            configuration::Entity,
            configuration::Column::Id,
            configuration::Column::Name
        ),
        groups: pairs!(
            client_group::Entity,
            client_group::Column::Id,
            client_group::Column::Name
        ),
        regions: pairs!(region::Entity, region::Column::Id, region::Column::Name),
        flavors: pairs!(flavor::Entity, flavor::Column::Id, flavor::Column::Name),
        hypervisors: pairs!(
            hypervisor::Entity,
            hypervisor::Column::Id,
            hypervisor::Column::Hostname
        ),
        products: pairs!(product::Entity, product::Column::Id, product::Column::Name),
    })
}
