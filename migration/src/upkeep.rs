//! Bulk loads without the per-row upkeep of counters, facts, search index and sort flags.
//!
//! The triggers of migrations 000013 and 000015–000018 keep `row_counts`, the client facts,
//! the SQLite search index and the SQLite sort flags exact row by row. A bulk load (the demo
//! generator writing millions of rows) would pay that per row; instead it suspends them,
//! writes, and resumes: resuming recomputes everything they keep from the tables, then turns
//! them back on. Meant for a database nobody else writes to meanwhile (an interrupted load
//! leaves the triggers off: delete that database).
//!
//! The secondary indexes are set aside too: filling a B-tree row by row, in an order none of
//! its columns follow, costs a page read and write per row and index, while building it once
//! the rows are there sorts them once. Unique indexes stay: they check what the load writes.

use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};

/// The upkeep triggers: `rc_` counters, `cf_` client facts, `cs_` client search, `ss_` sort
/// flags, `cu_` client uses. Nothing else in the schema is a trigger.
const PREFIXES: [&str; 5] = ["rc_", "cf_", "cs_", "ss_", "cu_"];

/// What `suspend` turned off, to turn on again.
#[must_use = "resume the upkeep after the bulk load"]
pub struct Suspended {
    /// PostgreSQL: `(table, trigger)` disabled. SQLite's are recreated from their definitions.
    postgres: Vec<(String, String)>,
}

/// SQLite: every upkeep trigger as the latest migrations define it. Recreated from here, not
/// from what `suspend` dropped, so a load that was interrupted after dropping them (and is
/// run again on the still-empty database) still ends with all of them.
fn sqlite_definitions() -> Vec<String> {
    let mut v: Vec<String> = crate::counted()
        .flat_map(crate::m20261125_000013_row_counts::sqlite_triggers)
        .collect();
    v.extend(crate::m20261125_000016_client_facts::sqlite_triggers());
    v.extend(
        crate::m20261125_000017_client_search::SQLITE_TRIGGERS
            .iter()
            .map(|s| s.to_string()),
    );
    v.extend(crate::m20261125_000018_sqlite_sort_flags::triggers());
    v.extend(crate::m20261126_000024_client_uses::sqlite_triggers());
    v
}

/// The definitions of the indexes set aside, in a table that exists only while a load runs:
/// each is recorded before its index is dropped, so a load that dies leaves them here, and
/// the next `suspend` (run again on the still-empty database) keeps them for `resume`.
const SET_ASIDE: &str = "upkeep_set_aside";

/// Drops every non-unique index of the application's tables, recording its definition.
async fn set_indexes_aside<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    db.execute_unprepared(&format!(
        "CREATE TABLE IF NOT EXISTS {SET_ASIDE} \
         (name VARCHAR(255) PRIMARY KEY, definition TEXT NOT NULL)"
    ))
    .await?;
    let indexes = db
        .query_all_raw(Statement::from_string(
            backend,
            if backend == DatabaseBackend::Postgres {
                "SELECT c.relname AS name, pg_get_indexdef(x.indexrelid) AS definition \
                 FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid \
                 JOIN pg_class t ON t.oid = x.indrelid \
                 WHERE t.relnamespace = current_schema()::regnamespace AND NOT x.indisunique \
                 ORDER BY 1"
            } else {
                // Indexes without SQL are the ones SQLite made for keys and constraints.
                "SELECT name, sql AS definition FROM sqlite_master \
                 WHERE type = 'index' AND sql IS NOT NULL \
                 AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY 1"
            },
        ))
        .await?;
    for r in indexes {
        let (name, definition): (String, String) =
            (r.try_get("", "name")?, r.try_get("", "definition")?);
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            // `$n` is a placeholder on both engines (SQLite numbers `$1`, `$2` in order).
            format!(
                "INSERT INTO {SET_ASIDE} (name, definition) VALUES ($1, $2) \
                 ON CONFLICT (name) DO NOTHING"
            ),
            [name.clone().into(), definition.into()],
        ))
        .await?;
        db.execute_unprepared(&format!("DROP INDEX \"{name}\""))
            .await?;
    }
    Ok(())
}

/// Builds the indexes `set_indexes_aside` dropped (by this load or an interrupted one).
async fn restore_indexes<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let indexes = db
        .query_all_raw(Statement::from_string(
            backend,
            format!("SELECT name, definition FROM {SET_ASIDE} ORDER BY name"),
        ))
        .await?;
    // Set in the statement that builds, so on the same pooled connection: PostgreSQL sorts a
    // table's keys in memory instead of temporary files (default 64 MB), SQLite's sorter uses
    // a second thread. Reset in it too: the connection goes back to the pool and serves
    // requests afterwards.
    let (setting, reset) = if backend == DatabaseBackend::Postgres {
        (
            "SET maintenance_work_mem = '512MB'",
            "RESET maintenance_work_mem",
        )
    } else {
        ("PRAGMA threads = 2", "PRAGMA threads = 0")
    };
    for r in indexes {
        let (name, definition): (String, String) =
            (r.try_get("", "name")?, r.try_get("", "definition")?);
        // Recorded but not yet dropped when an earlier load died in between.
        db.execute_unprepared(&format!("DROP INDEX IF EXISTS \"{name}\""))
            .await?;
        db.execute_unprepared(&format!("{setting}; {definition}; {reset}"))
            .await?;
    }
    db.execute_unprepared(&format!("DROP TABLE {SET_ASIDE}"))
        .await?;
    Ok(())
}

fn ours(name: &str) -> bool {
    PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Turns the upkeep triggers off (SQLite: drops them, keeping their definitions).
pub async fn suspend<C: ConnectionTrait>(db: &C) -> Result<Suspended, DbErr> {
    let backend = db.get_database_backend();
    let mut s = Suspended {
        postgres: Vec::new(),
    };
    if backend == DatabaseBackend::Postgres {
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT tgrelid::regclass::text AS tbl, tgname AS name FROM pg_trigger \
                 WHERE NOT tgisinternal ORDER BY 1, 2",
            ))
            .await?;
        for r in rows {
            let (table, name): (String, String) = (r.try_get("", "tbl")?, r.try_get("", "name")?);
            if ours(&name) {
                db.execute_unprepared(&format!("ALTER TABLE {table} DISABLE TRIGGER {name}"))
                    .await?;
                s.postgres.push((table, name));
            }
        }
    } else {
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
            ))
            .await?;
        for r in rows {
            let name: String = r.try_get("", "name")?;
            if ours(&name) {
                db.execute_unprepared(&format!("DROP TRIGGER {name}"))
                    .await?;
            }
        }
    }
    set_indexes_aside(db).await?;
    Ok(s)
}

/// Recomputes what the triggers keep from the tables, then turns them on again.
pub async fn resume<C: ConnectionTrait>(db: &C, suspended: Suspended) -> Result<(), DbErr> {
    let sqlite = db.get_database_backend() != DatabaseBackend::Postgres;
    // The recomputations join whole tables by their keys and write many rows: they need no
    // secondary index, and each index there would be one more entry to write per row.
    crate::m20261125_000016_client_facts::recompute(db).await?;
    // Before the counters: `row_counts` counts `client_uses`.
    crate::m20261126_000024_client_uses::recompute(db).await?;
    crate::m20261125_000013_row_counts::recount_all(db).await?;
    if sqlite {
        crate::m20261125_000018_sqlite_sort_flags::recompute(db).await?;
        db.execute_unprepared("INSERT INTO clients_fts (clients_fts) VALUES ('rebuild')")
            .await?;
    }
    restore_indexes(db).await?;
    if sqlite {
        for sql in sqlite_definitions() {
            db.execute_unprepared(&sql).await?;
        }
    }
    for (table, name) in suspended.postgres {
        db.execute_unprepared(&format!("ALTER TABLE {table} ENABLE TRIGGER {name}"))
            .await?;
    }
    Ok(())
}
