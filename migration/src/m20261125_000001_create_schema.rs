//! The whole clients-area schema: clients and their groups/configuration, users, catalogue,
//! services, OpenStack projects and resources, billing, domains and tickets.
//!
//! Money columns are BIGINT holding ten-thousandths (scale 4): exact, sortable and indexable on
//! both SQLite and PostgreSQL. The application reads them as `rust_decimal::Decimal`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000001_create_schema"
    }
}

/// `CREATE TABLE` with an auto-increment `id` primary key.
fn table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(id(name))
        .col(pk_auto(id("id")))
        .take()
}

fn money(col: &str) -> ColumnDef {
    big_integer(id(col)).default(0).take()
}

fn created_at() -> ColumnDef {
    timestamp_with_time_zone(id("created_at"))
}

/// A foreign key `from.col -> to.id`.
fn fk(from: &str, col: &str, to: &str, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{col}"))
        .from(id(from), id(col))
        .to(id(to), id("id"))
        .on_delete(on_delete)
        .take()
}

fn index(tbl: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(format!("idx_{tbl}_{}", cols.join("_")))
        .table(id(tbl));
    for c in cols {
        stmt.col(id(c));
    }
    stmt
}

use crate::id;
use ForeignKeyAction::{Cascade, Restrict, SetNull};

/// Tables in creation order; dropped in reverse.
const TABLES: &[&str] = &[
    "configurations",
    "client_groups",
    "clients",
    "client_group_members",
    "users",
    "client_users",
    "products",
    "product_cycles",
    "pricing_plans",
    "services",
    "regions",
    "flavors",
    "hypervisors",
    "projects",
    "instances",
    "volumes",
    "networks",
    "routers",
    "ssh_keys",
    "images",
    "ports",
    "invoices",
    "invoice_items",
    "journal_entries",
    "domains",
    "tickets",
    "ticket_messages",
];

fn tables() -> Vec<TableCreateStatement> {
    vec![
        table("configurations")
            .col(string_uniq(id("name")))
            .col(text(id("description")))
            .col(boolean(id("is_default")).default(false))
            .col(money("credit_limit"))
            .col(boolean(id("auto_suspend")).default(true))
            .col(integer(id("suspend_after_days")).default(0))
            .col(boolean(id("auto_terminate")).default(false))
            .col(integer(id("terminate_after_days")).default(0))
            .col(integer(id("invoice_due_days")).default(14))
            .col(created_at())
            .take(),
        table("client_groups")
            .col(string_uniq(id("name")))
            .col(text(id("description")))
            .col(created_at())
            .take(),
        table("clients")
            .col(string(id("company")))
            .col(string(id("first_name")))
            .col(string(id("last_name")))
            .col(string(id("email")))
            .col(string(id("phone")))
            .col(string_len(id("country"), 2))
            .col(string(id("state")))
            .col(string(id("city")))
            .col(string(id("address1")))
            .col(string(id("address2")))
            .col(string(id("zip_code")))
            .col(string_null(id("vat_id")))
            .col(boolean(id("tax_exempt")).default(false))
            .col(string_len(id("currency"), 3))
            .col(integer(id("configuration_id")))
            .col(string_len(id("status"), 16))
            .col(string_null(id("suspension_reason")))
            .col(money("credit_balance"))
            .col(money("uptodate_credit"))
            .col(timestamp_with_time_zone_null(id("out_of_credit_since")))
            .col(boolean(id("billing_agreement")).default(false))
            // Denormalised sort key: the alphabetically first group name (NULL = no group).
            .col(string_null(id("first_group_name")))
            .col(created_at())
            .col(timestamp_with_time_zone(id("updated_at")))
            .foreign_key(&mut fk(
                "clients",
                "configuration_id",
                "configurations",
                Restrict,
            ))
            .take(),
        Table::create()
            .table(id("client_group_members"))
            .col(integer(id("client_id")))
            .col(integer(id("group_id")))
            .primary_key(Index::create().col(id("client_id")).col(id("group_id")))
            .foreign_key(&mut fk(
                "client_group_members",
                "client_id",
                "clients",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "client_group_members",
                "group_id",
                "client_groups",
                Cascade,
            ))
            .take(),
        table("users")
            .col(string_uniq(id("email")))
            .col(string(id("full_name")))
            .col(string_null(id("password_hash")))
            .col(boolean(id("is_staff")).default(false))
            .col(boolean(id("is_active")).default(true))
            .col(created_at())
            .col(timestamp_with_time_zone_null(id("last_login_at")))
            .take(),
        table("client_users")
            .col(integer(id("client_id")))
            .col(integer(id("user_id")))
            // A comma-separated set of roles (owner, member, billing, technical), see app::model.
            .col(string(id("roles")))
            .col(created_at())
            .foreign_key(&mut fk("client_users", "client_id", "clients", Cascade))
            .foreign_key(&mut fk("client_users", "user_id", "users", Cascade))
            .take(),
        table("products")
            .col(string(id("name")))
            .col(string_uniq(id("code")))
            .col(string_len(id("product_type"), 16))
            .col(text(id("description")))
            .col(boolean(id("enabled")).default(true))
            .col(created_at())
            .take(),
        table("product_cycles")
            .col(integer(id("product_id")))
            .col(string_len(id("cycle"), 16))
            .col(money("price"))
            .col(money("setup_fee"))
            .col(string_len(id("currency"), 3))
            .foreign_key(&mut fk("product_cycles", "product_id", "products", Cascade))
            .take(),
        table("pricing_plans")
            .col(string_uniq(id("name")))
            .col(text(id("description")))
            .col(boolean(id("is_default")).default(false))
            .col(string_len(id("currency"), 3))
            .col(created_at())
            .take(),
        table("services")
            .col(integer(id("client_id")))
            .col(integer(id("product_id")))
            .col(integer_null(id("cycle_id")))
            .col(integer_null(id("pricing_plan_id")))
            .col(string(id("display_name")))
            .col(string_len(id("status"), 16))
            .col(date_null(id("next_due_date")))
            // Set when the client's suspension stopped it, so resuming restarts only those.
            .col(boolean(id("suspended_with_client")).default(false))
            .col(created_at())
            .col(timestamp_with_time_zone(id("updated_at")))
            .col(timestamp_with_time_zone_null(id("terminated_at")))
            .foreign_key(&mut fk("services", "client_id", "clients", Cascade))
            .foreign_key(&mut fk("services", "product_id", "products", Restrict))
            .foreign_key(&mut fk("services", "cycle_id", "product_cycles", SetNull))
            .foreign_key(&mut fk(
                "services",
                "pricing_plan_id",
                "pricing_plans",
                SetNull,
            ))
            .take(),
        table("regions")
            .col(string_uniq(id("name")))
            .col(text(id("description")))
            .take(),
        table("flavors")
            .col(string_uniq(id("name")))
            .col(integer(id("vcpus")))
            .col(integer(id("ram_mb")))
            .col(integer(id("disk_gb")))
            .take(),
        table("hypervisors")
            .col(string_uniq(id("hostname")))
            .col(integer(id("region_id")))
            .foreign_key(&mut fk("hypervisors", "region_id", "regions", Restrict))
            .take(),
        table("projects")
            .col(integer(id("client_id")))
            .col(integer_null(id("service_id")))
            .col(string_len_uniq(id("openstack_id"), 32))
            .col(string_len(id("project_domain_id"), 32))
            .col(string(id("name")))
            .col(boolean(id("disabled")).default(false))
            .col(created_at())
            .foreign_key(&mut fk("projects", "client_id", "clients", Cascade))
            .foreign_key(&mut fk("projects", "service_id", "services", SetNull))
            .take(),
        table("instances")
            .col(integer(id("project_id")))
            .col(string_len(id("openstack_id"), 36))
            .col(string(id("name")))
            .col(string_len(id("status"), 16))
            .col(integer(id("region_id")))
            .col(integer(id("flavor_id")))
            .col(integer_null(id("hypervisor_id")))
            .col(string(id("image_name")))
            .col(string(id("ipv4")))
            .col(created_at())
            .foreign_key(&mut fk("instances", "project_id", "projects", Cascade))
            .foreign_key(&mut fk("instances", "region_id", "regions", Restrict))
            .foreign_key(&mut fk("instances", "flavor_id", "flavors", Restrict))
            .foreign_key(&mut fk(
                "instances",
                "hypervisor_id",
                "hypervisors",
                SetNull,
            ))
            .take(),
        table("volumes")
            .col(integer(id("project_id")))
            .col(string_len(id("openstack_id"), 36))
            .col(string(id("name")))
            .col(string_len(id("status"), 16))
            .col(integer(id("region_id")))
            .col(integer(id("size_gb")))
            .col(created_at())
            .foreign_key(&mut fk("volumes", "project_id", "projects", Cascade))
            .foreign_key(&mut fk("volumes", "region_id", "regions", Restrict))
            .take(),
        table("networks")
            .col(integer(id("project_id")))
            .col(string_len(id("openstack_id"), 36))
            .col(string(id("name")))
            .col(integer(id("region_id")))
            .col(string(id("cidr")))
            .col(created_at())
            .foreign_key(&mut fk("networks", "project_id", "projects", Cascade))
            .foreign_key(&mut fk("networks", "region_id", "regions", Restrict))
            .take(),
        table("routers")
            .col(integer(id("project_id")))
            .col(string_len(id("openstack_id"), 36))
            .col(string(id("name")))
            .col(string_len(id("status"), 16))
            .col(integer(id("region_id")))
            .col(string_null(id("external_ip")))
            .col(created_at())
            .foreign_key(&mut fk("routers", "project_id", "projects", Cascade))
            .foreign_key(&mut fk("routers", "region_id", "regions", Restrict))
            .take(),
        table("ssh_keys")
            .col(integer(id("project_id")))
            .col(string(id("name")))
            .col(string(id("fingerprint")))
            .col(text(id("public_key")))
            .col(created_at())
            .foreign_key(&mut fk("ssh_keys", "project_id", "projects", Cascade))
            .take(),
        table("images")
            .col(integer(id("project_id")))
            .col(string_len(id("openstack_id"), 36))
            .col(string(id("name")))
            .col(string(id("os_distro")))
            .col(integer(id("region_id")))
            .col(integer(id("min_disk_gb")))
            .col(string_len(id("visibility"), 16))
            .col(created_at())
            .foreign_key(&mut fk("images", "project_id", "projects", Cascade))
            .foreign_key(&mut fk("images", "region_id", "regions", Restrict))
            .take(),
        table("ports")
            .col(integer(id("project_id")))
            .col(integer_null(id("network_id")))
            .col(integer_null(id("instance_id")))
            .col(string_len(id("openstack_id"), 36))
            .col(string(id("mac_address")))
            .col(string(id("ip_address")))
            .col(string_len(id("status"), 16))
            .col(created_at())
            .foreign_key(&mut fk("ports", "project_id", "projects", Cascade))
            .foreign_key(&mut fk("ports", "network_id", "networks", SetNull))
            .foreign_key(&mut fk("ports", "instance_id", "instances", SetNull))
            .take(),
        table("invoices")
            // Kept when a client is deleted: accounting never loses an invoice.
            .col(integer_null(id("client_id")))
            .col(string(id("client_name")))
            .col(string_uniq(id("number")))
            .col(string_len(id("status"), 16))
            .col(string_len(id("currency"), 3))
            .col(money("tax_rate"))
            .col(money("subtotal"))
            .col(money("tax_total"))
            .col(money("total"))
            .col(date(id("issue_date")))
            .col(date(id("due_date")))
            .col(timestamp_with_time_zone_null(id("paid_at")))
            .col(created_at())
            .foreign_key(&mut fk("invoices", "client_id", "clients", SetNull))
            .take(),
        table("invoice_items")
            .col(integer(id("invoice_id")))
            .col(integer_null(id("service_id")))
            .col(string(id("description")))
            .col(money("quantity"))
            .col(money("unit_price"))
            .col(money("amount"))
            .col(boolean(id("taxable")).default(true))
            .foreign_key(&mut fk("invoice_items", "invoice_id", "invoices", Cascade))
            .foreign_key(&mut fk("invoice_items", "service_id", "services", SetNull))
            .take(),
        table("journal_entries")
            .col(integer_null(id("client_id")))
            .col(integer_null(id("invoice_id")))
            .col(timestamp_with_time_zone(id("entry_date")))
            .col(string_len(id("source"), 16))
            .col(string_len(id("destination"), 16))
            .col(string_null(id("gateway")))
            .col(money("amount"))
            .col(string_len(id("currency"), 3))
            .col(string(id("description")))
            .foreign_key(&mut fk("journal_entries", "client_id", "clients", SetNull))
            .foreign_key(&mut fk(
                "journal_entries",
                "invoice_id",
                "invoices",
                SetNull,
            ))
            .take(),
        table("domains")
            .col(integer(id("client_id")))
            .col(integer_null(id("service_id")))
            .col(string_uniq(id("name")))
            .col(string_len(id("status"), 16))
            .col(date_null(id("registered_at")))
            .col(date_null(id("expires_at")))
            .col(boolean(id("auto_renew")).default(true))
            .col(created_at())
            .foreign_key(&mut fk("domains", "client_id", "clients", Cascade))
            .foreign_key(&mut fk("domains", "service_id", "services", SetNull))
            .take(),
        table("tickets")
            .col(integer(id("client_id")))
            .col(string(id("title")))
            .col(string_len(id("status"), 16))
            .col(string_len(id("department"), 16))
            .col(string_len(id("priority"), 16))
            .col(created_at())
            .col(timestamp_with_time_zone(id("updated_at")))
            .foreign_key(&mut fk("tickets", "client_id", "clients", Cascade))
            .take(),
        table("ticket_messages")
            .col(integer(id("ticket_id")))
            .col(string(id("author_name")))
            .col(boolean(id("is_staff")).default(false))
            .col(text(id("body")))
            .col(created_at())
            .foreign_key(&mut fk("ticket_messages", "ticket_id", "tickets", Cascade))
            .take(),
    ]
}

/// Indexes for every foreign key and for the dashboard's filters and sorts.
fn indexes() -> Vec<IndexCreateStatement> {
    let mut all: Vec<IndexCreateStatement> = [
        ("clients", &["status"][..]),
        ("clients", &["created_at"]),
        ("clients", &["company"]),
        ("clients", &["country"]),
        ("clients", &["email"]),
        ("clients", &["configuration_id"]),
        ("clients", &["uptodate_credit"]),
        ("clients", &["first_group_name"]),
        ("clients", &["tax_exempt"]),
        ("clients", &["billing_agreement"]),
        ("client_group_members", &["group_id"]),
        ("client_users", &["user_id"]),
        ("product_cycles", &["product_id"]),
        ("services", &["client_id", "status"]),
        ("services", &["product_id"]),
        ("hypervisors", &["region_id"]),
        ("projects", &["client_id"]),
        ("projects", &["service_id"]),
        ("instances", &["project_id"]),
        ("instances", &["region_id"]),
        ("instances", &["flavor_id"]),
        ("instances", &["hypervisor_id"]),
        ("volumes", &["project_id"]),
        ("networks", &["project_id"]),
        ("routers", &["project_id"]),
        ("ssh_keys", &["project_id"]),
        ("images", &["project_id"]),
        ("ports", &["project_id"]),
        ("invoices", &["client_id"]),
        ("invoices", &["status"]),
        ("invoice_items", &["invoice_id"]),
        ("journal_entries", &["client_id"]),
        ("journal_entries", &["invoice_id"]),
        ("domains", &["client_id"]),
        ("tickets", &["client_id"]),
        ("ticket_messages", &["ticket_id"]),
    ]
    .iter()
    .map(|(t, cols)| index(t, cols))
    .collect();
    all.push(
        index("client_users", &["client_id", "user_id"])
            .unique()
            .take(),
    );
    all
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in tables() {
            manager.create_table(t).await?;
        }
        for i in indexes() {
            manager.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(id(t)).if_exists().take())
                .await?;
        }
        Ok(())
    }
}
