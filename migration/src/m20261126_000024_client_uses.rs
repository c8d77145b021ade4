//! What each client uses, one row per client and thing used, so the dashboard's related-row
//! filters (group, product, service type, region, flavor, hypervisor) count from counters and
//! intersect as index lookups instead of counting the clients behind 50k–380k related rows per
//! request (120–600 ms at 1M clients).
//!
//! `client_uses (used, client_id, status, profile, n)`: `used` names the thing (`group:5`,
//! `product:12`, `type:openstack`, `region:3`, `flavor:8`, `hypervisor:7`), `n` how many of the
//! client's rows use it (memberships, live services, instances through its projects), `status`
//! and `profile` (000023: the client's column filters) copied from the client, so the table
//! alone answers "clients per status" under any column filters. A row exists exactly while
//! `n > 0`. `row_counts` (000013) counts the table per `used` and status: one value of one
//! filter alone is a counter read.
//!
//! Triggers keep it in the transaction that changes the rows, whatever code makes the change:
//! group memberships, services (status, product, client), instances (region, flavor,
//! hypervisor, project), projects (deleted or moved: the client's instance uses recomputed, so
//! no trigger depends on the order in which a cascade deletes a project and its instances), a
//! product's type, and a client's status and profile. The same SQL serves both engines: on SQLite the row
//! is a one-row subquery of `NEW`/`OLD` in a per-row trigger, on PostgreSQL a transition table
//! in a per-statement trigger.

use crate::m20261125_000013_row_counts::{install, uninstall, Counted};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000024_client_uses"
    }
}

pub const TABLES: &[Counted] = &[Counted {
    table: "client_uses",
    status: Some("status"),
    dims: &["used"],
}];

fn ended() -> String {
    crate::ENDED_SERVICES
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table whose rows are uses, and the columns its uses read.
struct Source {
    table: &'static str,
    columns: &'static [&'static str],
}

const SOURCES: [Source; 3] = [
    Source {
        table: "client_group_members",
        columns: &["client_id", "group_id"],
    },
    Source {
        table: "services",
        columns: &["client_id", "product_id", "status"],
    },
    Source {
        table: "instances",
        columns: &["project_id", "region_id", "flavor_id", "hypervisor_id"],
    },
];

/// What an instance uses: (prefix, column).
const INSTANCE_USES: [(&str, &str); 3] = [
    ("region", "region_id"),
    ("flavor", "flavor_id"),
    ("hypervisor", "hypervisor_id"),
];

fn key(prefix: &str, expr: &str) -> String {
    format!("'{prefix}:' || CAST({expr} AS TEXT)")
}

/// `(used, client_id)`, one row per use, of the rows `rel` of `table` (a table, a transition
/// table or a one-row subquery with the source's columns).
fn uses_of(table: &str, rel: &str) -> String {
    match table {
        "client_group_members" => format!(
            "SELECT {} AS used, r.client_id AS client_id FROM {rel} r",
            key("group", "r.group_id")
        ),
        "services" => {
            let live = format!("r.status NOT IN ({})", ended());
            format!(
                "SELECT {} AS used, r.client_id AS client_id FROM {rel} r WHERE {live} \
                 UNION ALL SELECT {} AS used, r.client_id AS client_id FROM {rel} r \
                 JOIN products p ON p.id = r.product_id WHERE {live}",
                key("product", "r.product_id"),
                key("type", "p.product_type"),
            )
        }
        "instances" => INSTANCE_USES
            .iter()
            .map(|(prefix, col)| {
                format!(
                    "SELECT {} AS used, p.client_id AS client_id FROM {rel} r \
                     JOIN projects p ON p.id = r.project_id WHERE r.{col} IS NOT NULL",
                    key(prefix, &format!("r.{col}"))
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL "),
        other => unreachable!("{other} has no uses"),
    }
}

/// Every use in the database, counted per client: what `client_uses` holds, less what it
/// copies from the client.
pub fn recount_sql() -> String {
    let all = SOURCES
        .iter()
        .map(|s| uses_of(s.table, s.table))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    format!("SELECT u.used, u.client_id, COUNT(*) AS n FROM ({all}) u GROUP BY u.used, u.client_id")
}

/// Adds the uses `uses` (`used, client_id` rows) for clients that exist (a cascade may be
/// deleting one), with the client's status.
fn add(uses: &str) -> String {
    // `WHERE true`: SQLite would read `ON CONFLICT` after a bare join as a join constraint.
    format!(
        "INSERT INTO client_uses (used, client_id, status, profile, n) \
         SELECT u.used, u.client_id, c.status, c.profile, COUNT(*) FROM ({uses}) u \
         JOIN clients c ON c.id = u.client_id WHERE true \
         GROUP BY u.used, u.client_id, c.status, c.profile ORDER BY u.used, u.client_id \
         ON CONFLICT (used, client_id) DO UPDATE SET n = client_uses.n + excluded.n"
    )
}

/// Takes the uses `uses` away, deleting the rows that reach 0.
fn remove(uses: &str) -> [String; 2] {
    [
        format!(
            "UPDATE client_uses SET n = client_uses.n - d.n FROM (\
             SELECT u.used, u.client_id, COUNT(*) AS n FROM ({uses}) u GROUP BY u.used, u.client_id\
             ) d WHERE client_uses.used = d.used AND client_uses.client_id = d.client_id"
        ),
        format!(
            "DELETE FROM client_uses WHERE n <= 0 AND (used, client_id) IN \
             (SELECT u.used, u.client_id FROM ({uses}) u)"
        ),
    ]
}

/// Recomputes the uses with a prefix in `prefixes` of the clients `clients` (a subquery of
/// ids), from `uses` (those clients' uses of that kind, as they are now).
fn recompute_for(clients: &str, prefixes: &[&str], uses: &str) -> [String; 2] {
    let kinds = prefixes
        .iter()
        .map(|p| format!("used LIKE '{p}:%'"))
        .collect::<Vec<_>>()
        .join(" OR ");
    [
        format!("DELETE FROM client_uses WHERE client_id IN ({clients}) AND ({kinds})"),
        add(uses),
    ]
}

/// The instance uses of the clients `clients`, through their projects as they are now.
fn instance_uses_of_clients(clients: &str) -> String {
    uses_of(
        "instances",
        &format!(
            "(SELECT i.* FROM instances i JOIN projects q ON q.id = i.project_id \
             WHERE q.client_id IN ({clients}))"
        ),
    )
}

/// The service-type uses of the clients `clients`.
fn type_uses_of_clients(clients: &str) -> String {
    format!(
        "SELECT u.used, u.client_id FROM ({}) u WHERE u.used LIKE 'type:%'",
        uses_of(
            "services",
            &format!("(SELECT * FROM services WHERE client_id IN ({clients}))")
        )
    )
}

/// The clients with a service of the products `products` (a subquery of ids).
fn clients_of_products(products: &str) -> String {
    format!("SELECT client_id FROM services WHERE product_id IN ({products})")
}

/// One SQLite trigger.
fn sqlite_trigger(name: &str, when: &str, body: &[String]) -> String {
    let body: String = body.iter().map(|s| format!("{s};\n")).collect();
    format!("CREATE TRIGGER {name} {when} BEGIN\n{body}END")
}

/// SQLite: the row `alias` (`NEW`, `OLD`) of a source as a one-row subquery.
fn row(alias: &str, s: &Source) -> String {
    let cols = s
        .columns
        .iter()
        .map(|c| format!("{alias}.{c} AS {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("(SELECT {cols})")
}

pub(crate) fn sqlite_triggers() -> Vec<String> {
    let mut v = Vec::new();
    for s in &SOURCES {
        let t = s.table;
        let (new, old) = (uses_of(t, &row("NEW", s)), uses_of(t, &row("OLD", s)));
        let changed = s
            .columns
            .iter()
            .map(|c| format!("OLD.{c} IS NOT NEW.{c}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let cols = s.columns.join(", ");
        v.push(sqlite_trigger(
            &format!("cu_{t}_ins"),
            &format!("AFTER INSERT ON {t}"),
            &[add(&new)],
        ));
        v.push(sqlite_trigger(
            &format!("cu_{t}_del"),
            &format!("AFTER DELETE ON {t}"),
            &remove(&old),
        ));
        let mut body = remove(&old).to_vec();
        body.push(add(&new));
        v.push(sqlite_trigger(
            &format!("cu_{t}_upd"),
            &format!("AFTER UPDATE OF {cols} ON {t} WHEN {changed}"),
            &body,
        ));
    }
    let regions: Vec<&str> = INSTANCE_USES.iter().map(|(p, _)| *p).collect();
    v.push(sqlite_trigger(
        "cu_projects_del",
        "AFTER DELETE ON projects",
        &recompute_for(
            "OLD.client_id",
            &regions,
            &instance_uses_of_clients("OLD.client_id"),
        ),
    ));
    let moved = "SELECT OLD.client_id UNION SELECT NEW.client_id";
    v.push(sqlite_trigger(
        "cu_projects_upd",
        "AFTER UPDATE OF client_id ON projects WHEN OLD.client_id IS NOT NEW.client_id",
        &recompute_for(moved, &regions, &instance_uses_of_clients(moved)),
    ));
    let owners = clients_of_products("NEW.id");
    v.push(sqlite_trigger(
        "cu_products_upd",
        "AFTER UPDATE OF product_type ON products WHEN OLD.product_type IS NOT NEW.product_type",
        &recompute_for(&owners, &["type"], &type_uses_of_clients(&owners)),
    ));
    // `profile` is generated from the columns of `PROFILE_PARTS` (000023).
    v.push(sqlite_trigger(
        "cu_clients_upd",
        &format!(
            "AFTER UPDATE OF status, {} ON clients \
             WHEN OLD.status IS NOT NEW.status OR OLD.profile IS NOT NEW.profile",
            crate::PROFILE_PARTS.join(", ")
        ),
        &[
            "UPDATE client_uses SET status = NEW.status, profile = NEW.profile \
           WHERE client_id = NEW.id"
                .to_owned(),
        ],
    ));
    v
}

/// PostgreSQL: a statement-level trigger running `body`.
fn pg_trigger(table: &str, suffix: &str, event: &str, refs: &str, body: &[String]) -> [String; 2] {
    let name = format!("cu_{table}_{suffix}");
    let body: String = body.iter().map(|s| format!("{s};\n")).collect();
    [
        format!(
            "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
             BEGIN\n{body}RETURN NULL;\nEND $$"
        ),
        format!(
            "CREATE TRIGGER {name} AFTER {event} ON \"{table}\" REFERENCING {refs} \
             FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        ),
    ]
}

fn pg_triggers() -> Vec<String> {
    const NEW: &str = "NEW TABLE AS new_rows";
    const OLD: &str = "OLD TABLE AS old_rows";
    const BOTH: &str = "NEW TABLE AS new_rows OLD TABLE AS old_rows";
    let mut v = Vec::new();
    for s in &SOURCES {
        let t = s.table;
        let (new, old) = (uses_of(t, "new_rows"), uses_of(t, "old_rows"));
        v.extend(pg_trigger(t, "ins", "INSERT", NEW, &[add(&new)]));
        v.extend(pg_trigger(t, "del", "DELETE", OLD, &remove(&old)));
        let mut body = remove(&old).to_vec();
        body.push(add(&new));
        v.extend(pg_trigger(t, "upd", "UPDATE", BOTH, &body));
    }
    let regions: Vec<&str> = INSTANCE_USES.iter().map(|(p, _)| *p).collect();
    let gone = "SELECT client_id FROM old_rows";
    v.extend(pg_trigger(
        "projects",
        "del",
        "DELETE",
        OLD,
        &recompute_for(gone, &regions, &instance_uses_of_clients(gone)),
    ));
    let moved = "SELECT o.client_id FROM old_rows o JOIN new_rows n ON n.id = o.id \
                 WHERE n.client_id <> o.client_id \
                 UNION SELECT n.client_id FROM old_rows o JOIN new_rows n ON n.id = o.id \
                 WHERE n.client_id <> o.client_id";
    v.extend(pg_trigger(
        "projects",
        "upd",
        "UPDATE",
        BOTH,
        &recompute_for(moved, &regions, &instance_uses_of_clients(moved)),
    ));
    let owners = clients_of_products(
        "SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id \
         WHERE n.product_type <> o.product_type",
    );
    v.extend(pg_trigger(
        "products",
        "upd",
        "UPDATE",
        BOTH,
        &recompute_for(&owners, &["type"], &type_uses_of_clients(&owners)),
    ));
    v.extend(pg_trigger(
        "clients",
        "upd",
        "UPDATE",
        BOTH,
        &[
            "UPDATE client_uses u SET status = n.status, profile = n.profile \
             FROM new_rows n JOIN old_rows o ON o.id = n.id \
             WHERE (n.status <> o.status OR n.profile <> o.profile) AND u.client_id = n.id"
                .to_owned(),
        ],
    ));
    v
}

/// The tables with a `cu_` trigger per event suffix, for dropping them.
const TRIGGERS: [(&str, &[&str]); 6] = [
    ("client_group_members", &["ins", "del", "upd"]),
    ("services", &["ins", "del", "upd"]),
    ("instances", &["ins", "del", "upd"]),
    ("projects", &["del", "upd"]),
    ("products", &["upd"]),
    ("clients", &["upd"]),
];

/// Fills `client_uses` from the tables (it must be empty).
fn backfill() -> String {
    format!(
        "INSERT INTO client_uses (used, client_id, status, profile, n) \
         SELECT r.used, r.client_id, c.status, c.profile, r.n FROM ({}) r \
         JOIN clients c ON c.id = r.client_id",
        recount_sql()
    )
}

/// Every use recomputed from the tables (after a bulk load without triggers).
pub(crate) async fn recompute<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    db.execute_unprepared("DELETE FROM client_uses").await?;
    db.execute_unprepared(&backfill()).await?;
    Ok(())
}

/// `client_uses` rows that differ from a recount (for tests and checks), as `(tbl, id)` with
/// the client's id: none when every use is exact.
pub fn drift_sql() -> String {
    let kept = "SELECT used, client_id, status, profile, n FROM client_uses";
    let recounted = format!(
        "SELECT r.used, r.client_id, c.status, c.profile, r.n FROM ({}) r \
         JOIN clients c ON c.id = r.client_id",
        recount_sql()
    );
    format!(
        "SELECT 'client_uses' AS tbl, d.client_id AS id FROM (\
         SELECT * FROM (SELECT * FROM ({kept}) a EXCEPT SELECT * FROM ({recounted}) b) x \
         UNION ALL \
         SELECT * FROM (SELECT * FROM ({recounted}) c EXCEPT SELECT * FROM ({kept}) e) y) d"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        // A range of one `used` reads each client's status and profile from the primary key
        // alone: on SQLite the rows live in its b-tree, on PostgreSQL it includes them (an
        // index-only scan).
        let (include, without_rowid) = if postgres {
            (" INCLUDE (status, profile)", "")
        } else {
            ("", " WITHOUT ROWID")
        };
        db.execute_unprepared(&format!(
            "CREATE TABLE client_uses (\
             used VARCHAR(48) NOT NULL, \
             client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, \
             status VARCHAR(16) NOT NULL, profile VARCHAR(64) NOT NULL, n INTEGER NOT NULL, \
             PRIMARY KEY (used, client_id){include}){without_rowid}"
        ))
        .await?;
        db.execute_unprepared("CREATE INDEX idx_client_uses_client_id ON client_uses (client_id)")
            .await?;
        db.execute_unprepared(&backfill()).await?;
        let triggers = if postgres {
            pg_triggers()
        } else {
            sqlite_triggers()
        };
        for sql in triggers {
            db.execute_unprepared(&sql).await?;
        }
        for c in TABLES {
            install(manager, c).await?;
        }
        // "Created between": the totals per status read this index alone (a range of
        // 555k clients of a year counted without visiting a row).
        db.execute_unprepared(
            "CREATE INDEX idx_clients_created_at_status ON clients (created_at, status)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_clients_created_at_status")
            .await?;
        for c in TABLES {
            uninstall(manager, c).await?;
        }
        for (table, suffixes) in TRIGGERS {
            for suffix in suffixes {
                crate::drop_trigger(manager, table, &format!("cu_{table}_{suffix}")).await?;
            }
        }
        db.execute_unprepared("DROP TABLE client_uses").await?;
        Ok(())
    }
}
