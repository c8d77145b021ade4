//! Per-client facts the dashboard filters on, kept exact by triggers in the transaction that
//! changes them, so "has services" and "has instances" are a column of the client instead of
//! a probe of `services` / `instances` per client (17 s and minutes at 1M clients):
//!
//! - `clients.live_services`: the client's services that are not ended ([`ENDED_SERVICES`]);
//! - `projects.instances`: the project's instances; `clients.instances`: their sum over the
//!   client's projects. Kept in two steps so that no trigger has to find a project that a
//!   cascade already deleted: an instance only updates its project by id, a project passes
//!   its own count on to its client, and a deleted project takes its count with it;
//! - `clients.has_services` / `clients.has_instances` (0/1): whether those are above zero,
//!   counted per status in `row_counts` like the configuration (and now also `tax_exempt`
//!   and `billing_agreement`), so any one of these filters alone reads its totals from the
//!   counters.
//!
//! SQLite triggers run per row; PostgreSQL's per statement over transition tables (a bulk
//! insert of services updates each client once). Existing rows are counted by the migration.

use crate::m20261125_000013_row_counts::{install, uninstall, Counted};
use crate::m20261125_000015_client_counts as before;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000016_client_facts"
    }
}

/// Service statuses that no longer count (`ServiceStatus::is_live` is false for exactly these;
/// a test in `app` keeps the two equal).
pub const ENDED_SERVICES: [&str; 2] = ["terminated", "cancelled"];

pub const TABLES: &[Counted] = &[Counted {
    table: "clients",
    status: Some("status"),
    dims: &[
        "configuration_id",
        "has_services",
        "has_instances",
        "tax_exempt",
        "billing_agreement",
    ],
}];

fn ended() -> String {
    ENDED_SERVICES
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `SET` of a client's count `col` moved by `delta`, with its 0/1 flag.
fn set_count(col: &str, flag: &str, delta: &str) -> String {
    format!(
        "\"{col}\" = \"{col}\" + {delta}, \
         \"{flag}\" = CASE WHEN \"{col}\" + {delta} > 0 THEN 1 ELSE 0 END"
    )
}

const COLUMNS: [(&str, &str); 5] = [
    ("clients", "live_services"),
    ("clients", "has_services"),
    ("clients", "instances"),
    ("clients", "has_instances"),
    ("projects", "instances"),
];

pub(crate) fn sqlite_triggers() -> Vec<String> {
    let ended = ended();
    let services = |row: &str, sign: &str| {
        format!(
            "UPDATE clients SET {} WHERE id = {row}.client_id AND {row}.status NOT IN ({ended});\n",
            set_count("live_services", "has_services", &format!("{sign}1"))
        )
    };
    let instances = |row: &str, sign: &str| {
        format!("UPDATE projects SET instances = instances {sign} 1 WHERE id = {row}.project_id;\n")
    };
    let projects = |row: &str, sign: &str| {
        format!(
            "UPDATE clients SET {} WHERE id = {row}.client_id AND {row}.instances <> 0;\n",
            set_count(
                "instances",
                "has_instances",
                &format!("{sign}{row}.instances")
            )
        )
    };
    vec![
        format!("CREATE TRIGGER cf_services_ins AFTER INSERT ON services BEGIN\n{}END", services("NEW", "+")),
        format!("CREATE TRIGGER cf_services_del AFTER DELETE ON services BEGIN\n{}END", services("OLD", "-")),
        format!(
            "CREATE TRIGGER cf_services_upd AFTER UPDATE OF status, client_id ON services \
             WHEN OLD.status IS NOT NEW.status OR OLD.client_id IS NOT NEW.client_id BEGIN\n{}{}END",
            services("OLD", "-"),
            services("NEW", "+")
        ),
        format!("CREATE TRIGGER cf_instances_ins AFTER INSERT ON instances BEGIN\n{}END", instances("NEW", "+")),
        format!("CREATE TRIGGER cf_instances_del AFTER DELETE ON instances BEGIN\n{}END", instances("OLD", "-")),
        format!(
            "CREATE TRIGGER cf_instances_upd AFTER UPDATE OF project_id ON instances \
             WHEN OLD.project_id IS NOT NEW.project_id BEGIN\n{}{}END",
            instances("OLD", "-"),
            instances("NEW", "+")
        ),
        format!("CREATE TRIGGER cf_projects_ins AFTER INSERT ON projects BEGIN\n{}END", projects("NEW", "+")),
        format!("CREATE TRIGGER cf_projects_del AFTER DELETE ON projects BEGIN\n{}END", projects("OLD", "-")),
        format!(
            "CREATE TRIGGER cf_projects_upd AFTER UPDATE OF instances, client_id ON projects \
             WHEN OLD.instances IS NOT NEW.instances OR OLD.client_id IS NOT NEW.client_id BEGIN\n{}{}END",
            projects("OLD", "-"),
            projects("NEW", "+")
        ),
    ]
}

/// PostgreSQL: `(key, n)` changes of a statement, from its transition tables.
struct PgFact {
    /// The table whose statements change the fact.
    source: &'static str,
    /// The updated table, its count column and its 0/1 flag (if any).
    target: &'static str,
    col: &'static str,
    flag: Option<&'static str>,
    /// The target's key in the source row.
    key: &'static str,
    /// What one source row adds (`1`, `instances`) and when it counts.
    amount: &'static str,
    when: String,
}

impl PgFact {
    fn triggers(&self) -> Vec<String> {
        let Self {
            source,
            target,
            col,
            key,
            amount,
            when,
            ..
        } = self;
        let set = match self.flag {
            Some(flag) => set_count(col, flag, "d.n"),
            None => format!("\"{col}\" = t.\"{col}\" + d.n"),
        };
        let rows = |rel: &str, sign: &str| {
            format!("SELECT {key} AS k, {sign}({amount}) AS n FROM {rel} WHERE {key} IS NOT NULL AND {when}")
        };
        let events: [(&str, &str, Vec<String>, &str); 3] = [
            (
                "ins",
                "INSERT",
                vec![rows("new_rows", "")],
                "NEW TABLE AS new_rows",
            ),
            (
                "del",
                "DELETE",
                vec![rows("old_rows", "-")],
                "OLD TABLE AS old_rows",
            ),
            (
                "upd",
                "UPDATE",
                vec![rows("new_rows", ""), rows("old_rows", "-")],
                "NEW TABLE AS new_rows OLD TABLE AS old_rows",
            ),
        ];
        let mut v = Vec::new();
        for (suffix, event, parts, refs) in events {
            let name = format!("cf_{source}_{suffix}");
            // Keys in order, so concurrent statements lock the targets in the same order.
            v.push(format!(
                "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
                 BEGIN\n\
                 UPDATE \"{target}\" t SET {set} FROM (\
                 SELECT k, SUM(n) AS n FROM ({union}) r GROUP BY k HAVING SUM(n) <> 0 ORDER BY k\
                 ) d WHERE t.id = d.k;\n\
                 RETURN NULL;\n\
                 END $$",
                union = parts.join(" UNION ALL ")
            ));
            v.push(format!(
                "CREATE TRIGGER {name} AFTER {event} ON \"{source}\" REFERENCING {refs} \
                 FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            ));
        }
        v
    }
}

fn pg_facts() -> Vec<PgFact> {
    vec![
        PgFact {
            source: "services",
            target: "clients",
            col: "live_services",
            flag: Some("has_services"),
            key: "client_id",
            amount: "1",
            when: format!("status NOT IN ({})", ended()),
        },
        PgFact {
            source: "instances",
            target: "projects",
            col: "instances",
            flag: None,
            key: "project_id",
            amount: "1",
            when: "TRUE".into(),
        },
        PgFact {
            source: "projects",
            target: "clients",
            col: "instances",
            flag: Some("has_instances"),
            key: "client_id",
            amount: "instances",
            when: "instances <> 0".into(),
        },
    ]
}

/// The facts of the rows already there (the columns start at 0).
fn backfill() -> Vec<String> {
    vec![
        "UPDATE projects SET instances = d.n FROM (\
         SELECT project_id, COUNT(*) AS n FROM instances GROUP BY project_id\
         ) d WHERE projects.id = d.project_id"
            .to_owned(),
        format!(
            "UPDATE clients SET live_services = d.n, has_services = 1 FROM (\
             SELECT client_id, COUNT(*) AS n FROM services WHERE status NOT IN ({}) \
             GROUP BY client_id) d WHERE clients.id = d.client_id",
            ended()
        ),
        "UPDATE clients SET instances = d.n, has_instances = 1 FROM (\
         SELECT client_id, SUM(instances) AS n FROM projects GROUP BY client_id \
         HAVING SUM(instances) > 0) d WHERE clients.id = d.client_id"
            .to_owned(),
    ]
}

/// Every fact recomputed from the tables (after a bulk load without triggers).
pub(crate) async fn recompute<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    db.execute_unprepared("UPDATE projects SET instances = 0 WHERE instances <> 0")
        .await?;
    db.execute_unprepared(
        "UPDATE clients SET live_services = 0, has_services = 0, instances = 0, \
         has_instances = 0 WHERE live_services <> 0 OR instances <> 0",
    )
    .await?;
    for sql in backfill() {
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}

/// Clients and projects whose facts differ from a recount (for tests and checks): `(table,
/// id)` rows, none when the facts are exact.
pub fn drift_sql() -> String {
    format!(
        "SELECT 'clients' AS tbl, c.id FROM clients c WHERE \
         c.live_services <> (SELECT COUNT(*) FROM services s WHERE s.client_id = c.id \
         AND s.status NOT IN ({ended})) \
         OR c.instances <> (SELECT COUNT(*) FROM instances i JOIN projects p \
         ON p.id = i.project_id WHERE p.client_id = c.id) \
         OR c.has_services <> CASE WHEN c.live_services > 0 THEN 1 ELSE 0 END \
         OR c.has_instances <> CASE WHEN c.instances > 0 THEN 1 ELSE 0 END \
         UNION ALL \
         SELECT 'projects', p.id FROM projects p WHERE \
         p.instances <> (SELECT COUNT(*) FROM instances i WHERE i.project_id = p.id)",
        ended = ended()
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        // The clients' counters are rebuilt with the new flags: no counting while backfilling.
        for c in before::TABLES {
            uninstall(manager, c).await?;
        }
        for (table, col) in COLUMNS {
            db.execute_unprepared(&format!(
                "ALTER TABLE \"{table}\" ADD COLUMN \"{col}\" INTEGER NOT NULL DEFAULT 0"
            ))
            .await?;
        }
        for sql in backfill() {
            db.execute_unprepared(&sql).await?;
        }
        let triggers = if postgres {
            pg_facts().iter().flat_map(PgFact::triggers).collect()
        } else {
            sqlite_triggers()
        };
        for sql in triggers {
            db.execute_unprepared(&sql).await?;
        }
        for c in TABLES {
            install(manager, c).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for c in TABLES {
            uninstall(manager, c).await?;
        }
        for source in ["services", "instances", "projects"] {
            for suffix in ["ins", "del", "upd"] {
                crate::drop_trigger(manager, source, &format!("cf_{source}_{suffix}")).await?;
            }
        }
        for (table, col) in COLUMNS {
            db.execute_unprepared(&format!("ALTER TABLE \"{table}\" DROP COLUMN \"{col}\""))
                .await?;
        }
        for c in before::TABLES {
            install(manager, c).await?;
        }
        Ok(())
    }
}
