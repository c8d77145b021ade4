//! "One where the business says one", enforced by the database instead of check-then-insert
//! (which two concurrent requests both pass):
//!
//! - a domain name is registered once, whatever its case (`ux_domains_name_lower`);
//! - a client has at most one live (not terminated or cancelled) OpenStack service
//!   (`ux_services_live_openstack`). Whether a service is an OpenStack one lives on its
//!   product, which a partial index cannot see, so the service carries it (`is_openstack`,
//!   set when the service is created; a service never changes product).
//!
//! Existing duplicates are resolved first, in set-based statements (one window-function
//! pass each, fine for a million clients), keeping the oldest row as the real one:
//! - later case-variants of a domain name are renamed `<name>~duplicate-<id>`: the rows,
//!   their services and invoices stay (they are accounting), and staff can find them;
//! - later live OpenStack services of a client (double submits: no invoice was written for
//!   them) are cancelled and their projects disabled; the oldest one stays as it was.
//!
//! Both engines run the same SQL (partial and expression indexes, window functions).

use crate::id;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000007_one_where_one"
    }
}

/// Live OpenStack services beyond the oldest of their client.
const LATER_LIVE_OPENSTACK: &str = "SELECT id FROM (SELECT id, ROW_NUMBER() OVER \
    (PARTITION BY client_id ORDER BY id) AS rn FROM services \
    WHERE is_openstack AND status NOT IN ('terminated', 'cancelled')) t WHERE rn > 1";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE domains SET name = name || '~duplicate-' || CAST(id AS TEXT) \
             WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER \
               (PARTITION BY lower(name) ORDER BY id) AS rn FROM domains) t WHERE rn > 1)",
        )
        .await?;
        db.execute_unprepared("CREATE UNIQUE INDEX ux_domains_name_lower ON domains (lower(name))")
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(id("services"))
                    .add_column(boolean(id("is_openstack")).default(false))
                    .take(),
            )
            .await?;
        db.execute_unprepared(
            "UPDATE services SET is_openstack = TRUE WHERE product_id IN \
             (SELECT id FROM products WHERE product_type = 'openstack')",
        )
        .await?;
        db.execute_unprepared(&format!(
            "UPDATE projects SET disabled = TRUE WHERE service_id IN ({LATER_LIVE_OPENSTACK})"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "UPDATE services SET status = 'cancelled', suspended_with_client = FALSE \
             WHERE id IN ({LATER_LIVE_OPENSTACK})"
        ))
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_services_live_openstack ON services (client_id) \
             WHERE is_openstack AND status NOT IN ('terminated', 'cancelled')",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS ux_services_live_openstack")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(id("services"))
                    .drop_column(id("is_openstack"))
                    .take(),
            )
            .await?;
        db.execute_unprepared("DROP INDEX IF EXISTS ux_domains_name_lower")
            .await?;
        Ok(())
    }
}
