//! Bulk loads without the per-row upkeep of counters, facts, search index and sort flags.
//!
//! The triggers of migrations 000013 and 000015–000018 keep `row_counts`, the client facts,
//! the SQLite search index and the SQLite sort flags exact row by row. A bulk load (the demo
//! generator writing millions of rows) would pay that per row; instead it suspends them,
//! writes, and resumes: resuming recomputes everything they keep from the tables, then turns
//! them back on. Meant for a database nobody else writes to meanwhile (an interrupted load
//! leaves the triggers off: delete that database).

use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};

/// The upkeep triggers: `rc_` counters, `cf_` client facts, `cs_` client search, `ss_` sort
/// flags. Nothing else in the schema is a trigger.
const PREFIXES: [&str; 4] = ["rc_", "cf_", "cs_", "ss_"];

/// What `suspend` turned off, to turn on again.
#[must_use = "resume the upkeep after the bulk load"]
pub struct Suspended {
    /// SQLite: each dropped trigger's `CREATE TRIGGER`; PostgreSQL: `(table, trigger)` disabled.
    sqlite: Vec<String>,
    postgres: Vec<(String, String)>,
}

fn ours(name: &str) -> bool {
    PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Turns the upkeep triggers off (SQLite: drops them, keeping their definitions).
pub async fn suspend<C: ConnectionTrait>(db: &C) -> Result<Suspended, DbErr> {
    let backend = db.get_database_backend();
    let mut s = Suspended {
        sqlite: Vec::new(),
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
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
            ))
            .await?;
        for r in rows {
            let (name, sql): (String, String) = (r.try_get("", "name")?, r.try_get("", "sql")?);
            if ours(&name) {
                db.execute_unprepared(&format!("DROP TRIGGER {name}"))
                    .await?;
                s.sqlite.push(sql);
            }
        }
    }
    Ok(s)
}

/// Recomputes what the triggers keep from the tables, then turns them on again.
pub async fn resume<C: ConnectionTrait>(db: &C, suspended: Suspended) -> Result<(), DbErr> {
    let sqlite = db.get_database_backend() != DatabaseBackend::Postgres;
    crate::m20261125_000016_client_facts::recompute(db).await?;
    crate::m20261125_000013_row_counts::recount_all(db).await?;
    if sqlite {
        crate::m20261125_000018_sqlite_sort_flags::recompute(db).await?;
        db.execute_unprepared("INSERT INTO clients_fts (clients_fts) VALUES ('rebuild')")
            .await?;
    }
    for sql in suspended.sqlite {
        db.execute_unprepared(&sql).await?;
    }
    for (table, name) in suspended.postgres {
        db.execute_unprepared(&format!("ALTER TABLE {table} ENABLE TRIGGER {name}"))
            .await?;
    }
    Ok(())
}
