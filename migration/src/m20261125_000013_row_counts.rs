//! Exact row counts for the staff lists' totals, kept by the database itself.
//!
//! At 1M clients a list's per-status totals over a whole table (1.1M invoices, 1.7M services)
//! cost a scan of it on every request. Instead `row_counts` holds, for each counted table, the
//! number of rows per status and per value of a few filter columns ("dimensions"): the totals
//! of the unfiltered list, or of a list filtered by one dimension, are a sum over a few rows.
//!
//! Triggers keep the counts in the same transaction as the change, whatever code makes it
//! (services, jobs, the demo generator, a cascade): per row on SQLite, per statement over the
//! transition tables on PostgreSQL, so a bulk insert of thousands of rows is one upsert per
//! (dimension, value, status) and not one per row. The migration counts the existing rows
//! once (a scan per table: seconds on a 1M-client database).
//!
//! Each row of a counted table adds to one `row_counts` row per dimension (a table with none
//! uses the dimension `''`), so summing any one dimension gives the table's totals. A NULL
//! status or value is counted under `''`.
//!
//! A later migration that rebuilds a counted table on SQLite (create, copy, drop, rename)
//! drops its triggers with it and must create them again; the recount at the end of every
//! database test (`db_test!`) would fail until it does.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000013_row_counts"
    }
}

/// A table whose rows `row_counts` counts.
#[derive(Clone, Copy, Debug)]
pub struct Counted {
    pub table: &'static str,
    /// The status column, if the table has one.
    pub status: Option<&'static str>,
    /// The filter columns counted per value (none: the table's total per status only).
    pub dims: &'static [&'static str],
}

impl Counted {
    /// The dimensions as stored: `''` for a table without any.
    pub fn stored_dims(&self) -> &'static [&'static str] {
        if self.dims.is_empty() {
            &[""]
        } else {
            self.dims
        }
    }

    /// `SELECT val, status, n`: the table's rows counted per value of `dim` and status, as
    /// `row_counts` keeps them (the backfill, and the check that the counters are exact).
    pub fn recount(&self, dim: &str) -> String {
        let (v, s) = (text_of("", Some(dim)), text_of("", self.status));
        // PostgreSQL refuses a constant (`''`) in GROUP BY.
        let keys: Vec<&str> = [&v, &s]
            .into_iter()
            .filter(|k| k.as_str() != "''")
            .map(String::as_str)
            .collect();
        let group = if keys.is_empty() {
            String::new()
        } else {
            format!(" GROUP BY {}", keys.join(", "))
        };
        format!(
            "SELECT {v} AS val, {s} AS status, COUNT(*) AS n FROM \"{t}\"{group}",
            t = self.table
        )
    }
}

/// The tables this migration counts. A new counted table or dimension is a new migration
/// that installs it with [`install`] (and recounts); `crate::counted` lists them all.
pub const TABLES: &[Counted] = &[
    Counted {
        table: "invoices",
        status: Some("status"),
        dims: &["currency"],
    },
    Counted {
        table: "services",
        status: Some("status"),
        dims: &["product_id"],
    },
    Counted {
        table: "journal_entries",
        status: None,
        dims: &["source", "destination"],
    },
    Counted {
        table: "tickets",
        status: Some("status"),
        dims: &["department", "priority"],
    },
    Counted {
        table: "domains",
        status: Some("status"),
        dims: &[],
    },
    Counted {
        table: "projects",
        status: None,
        dims: &[],
    },
    Counted {
        table: "instances",
        status: Some("status"),
        dims: &["region_id", "flavor_id", "hypervisor_id"],
    },
    Counted {
        table: "volumes",
        status: Some("status"),
        dims: &["region_id"],
    },
    Counted {
        table: "networks",
        status: None,
        dims: &["region_id"],
    },
    Counted {
        table: "routers",
        status: Some("status"),
        dims: &["region_id"],
    },
    Counted {
        table: "ssh_keys",
        status: None,
        dims: &[],
    },
    Counted {
        table: "images",
        status: None,
        dims: &["region_id"],
    },
    Counted {
        table: "ports",
        status: Some("status"),
        dims: &[],
    },
];

/// The stored text of a column of the row `alias` (`NEW`, `OLD` or a table), `''` for none.
fn text_of(alias: &str, col: Option<&str>) -> String {
    match col {
        Some(c) if !c.is_empty() => {
            let prefix = if alias.is_empty() {
                String::new()
            } else {
                format!("{alias}.")
            };
            format!(r#"COALESCE(CAST({prefix}"{c}" AS TEXT), '')"#)
        }
        _ => "''".to_owned(),
    }
}

/// SQLite: one upsert per dimension adding `n` for the row `alias`.
fn sqlite_adds(c: &Counted, alias: &str, n: i32) -> String {
    c.stored_dims()
        .iter()
        .map(|d| {
            format!(
                "INSERT INTO row_counts (tbl, dim, val, status, n) VALUES ('{t}', '{d}', {v}, {s}, {n}) \
                 ON CONFLICT (tbl, dim, val, status) DO UPDATE SET n = n + excluded.n;\n",
                t = c.table,
                v = text_of(alias, Some(d)),
                s = text_of(alias, c.status),
            )
        })
        .collect()
}

pub(crate) fn sqlite_triggers(c: &Counted) -> Vec<String> {
    let t = c.table;
    let mut v = vec![
        format!(
            "CREATE TRIGGER rc_{t}_ins AFTER INSERT ON \"{t}\" BEGIN\n{}END",
            sqlite_adds(c, "NEW", 1)
        ),
        format!(
            "CREATE TRIGGER rc_{t}_del AFTER DELETE ON \"{t}\" BEGIN\n{}END",
            sqlite_adds(c, "OLD", -1)
        ),
    ];
    let watched: Vec<&str> = c
        .status
        .iter()
        .copied()
        .chain(c.dims.iter().copied())
        .collect();
    if !watched.is_empty() {
        // Any update, not `UPDATE OF` the watched columns: a generated column (the clients'
        // profile and creation day) changes with columns of its own, which the list would
        // have to name too.
        let changed = watched
            .iter()
            .map(|w| format!("OLD.\"{w}\" IS NOT NEW.\"{w}\""))
            .collect::<Vec<_>>()
            .join(" OR ");
        v.push(format!(
            "CREATE TRIGGER rc_{t}_upd AFTER UPDATE ON \"{t}\" WHEN {changed} BEGIN\n{}{}END",
            sqlite_adds(c, "OLD", -1),
            sqlite_adds(c, "NEW", 1)
        ));
    }
    v
}

/// A transition table and whether its rows add (1) or take away (-1).
type Source = (&'static str, i32);

/// PostgreSQL: `(dim, val, status, n)` of every row of the relations `sources`.
fn pg_rows(c: &Counted, sources: &[Source]) -> String {
    let mut parts = Vec::new();
    for (rel, sign) in sources {
        for d in c.stored_dims() {
            parts.push(format!(
                "SELECT '{d}' AS dim, {v} AS val, {s} AS status, {sign} AS n FROM {rel}",
                v = text_of("", Some(d)),
                s = text_of("", c.status),
            ));
        }
    }
    parts.join(" UNION ALL ")
}

/// PostgreSQL: one statement-level trigger per event, over its transition tables.
fn pg_triggers(c: &Counted) -> Vec<String> {
    let t = c.table;
    // (suffix, event, [(transition table, sign)])
    let events: [(&str, &str, &[Source]); 3] = [
        ("ins", "INSERT", &[("new_rows", 1)]),
        ("del", "DELETE", &[("old_rows", -1)]),
        ("upd", "UPDATE", &[("new_rows", 1), ("old_rows", -1)]),
    ];
    let mut v = Vec::new();
    for (suffix, event, sources) in events {
        // Ordered, so concurrent transactions lock the counters in the same order.
        v.push(format!(
            "CREATE OR REPLACE FUNCTION rc_{t}_{suffix}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
             BEGIN\n\
             INSERT INTO row_counts (tbl, dim, val, status, n)\n\
             SELECT '{t}', r.dim, r.val, r.status, SUM(r.n) FROM ({rows}) r\n\
             GROUP BY r.dim, r.val, r.status HAVING SUM(r.n) <> 0\n\
             ORDER BY r.dim, r.val, r.status\n\
             ON CONFLICT (tbl, dim, val, status) DO UPDATE SET n = row_counts.n + EXCLUDED.n;\n\
             RETURN NULL;\n\
             END $$",
            rows = pg_rows(c, sources)
        ));
        let refs = sources
            .iter()
            .map(|(rel, sign)| {
                let which = if *sign > 0 { "NEW" } else { "OLD" };
                format!("{which} TABLE AS {rel}")
            })
            .collect::<Vec<_>>()
            .join(" ");
        v.push(format!(
            "CREATE TRIGGER rc_{t}_{suffix} AFTER {event} ON \"{t}\" REFERENCING {refs} \
             FOR EACH STATEMENT EXECUTE FUNCTION rc_{t}_{suffix}()"
        ));
    }
    v
}

/// Counts the rows already there.
fn backfill(c: &Counted) -> Vec<String> {
    c.stored_dims()
        .iter()
        .map(|d| {
            format!(
                "INSERT INTO row_counts (tbl, dim, val, status, n) \
                 SELECT '{t}', '{d}', r.val, r.status, r.n FROM ({recount}) r",
                t = c.table,
                recount = c.recount(d),
            )
        })
        .collect()
}

/// Every counter recounted from its table (after a bulk load without triggers).
pub(crate) async fn recount_all<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    db.execute_unprepared("DELETE FROM row_counts").await?;
    for c in crate::counted() {
        for sql in backfill(c) {
            db.execute_unprepared(&sql).await?;
        }
    }
    Ok(())
}

/// Counts `c`'s existing rows and installs the triggers that keep counting them.
pub(crate) async fn install(manager: &SchemaManager<'_>, c: &Counted) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in backfill(c) {
        db.execute_unprepared(&sql).await?;
    }
    let triggers = match manager.get_database_backend() {
        DatabaseBackend::Postgres => pg_triggers(c),
        _ => sqlite_triggers(c),
    };
    for sql in triggers {
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}

/// Removes `c`'s triggers and counts.
pub(crate) async fn uninstall(manager: &SchemaManager<'_>, c: &Counted) -> Result<(), DbErr> {
    let t = c.table;
    for suffix in ["ins", "del", "upd"] {
        crate::drop_trigger(manager, t, &format!("rc_{t}_{suffix}")).await?;
    }
    manager
        .get_connection()
        .execute_unprepared(&format!("DELETE FROM row_counts WHERE tbl = '{t}'"))
        .await?;
    Ok(())
}

/// A schema change under counted tables: `old`'s counters and triggers out, `change` run,
/// `new`'s counted and installed (a migration that adds a counted column, and its down).
pub(crate) async fn recounted(
    manager: &SchemaManager<'_>,
    old: &[Counted],
    change: &str,
    new: &[Counted],
) -> Result<(), DbErr> {
    for c in old {
        uninstall(manager, c).await?;
    }
    manager.get_connection().execute_unprepared(change).await?;
    for c in new {
        install(manager, c).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE TABLE row_counts (\
                 tbl VARCHAR(32) NOT NULL, dim VARCHAR(32) NOT NULL, val VARCHAR(64) NOT NULL, \
                 status VARCHAR(32) NOT NULL, n BIGINT NOT NULL, \
                 PRIMARY KEY (tbl, dim, val, status))",
            )
            .await?;
        for c in TABLES {
            install(manager, c).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for c in TABLES {
            uninstall(manager, c).await?;
        }
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE IF EXISTS row_counts")
            .await?;
        Ok(())
    }
}
