//! SQLite: indexes that serve the dashboard's company and group sorts, which put clients
//! without a company (without a group) last in both directions.
//!
//! PostgreSQL walks expression indexes for that (migration 000003). On SQLite those expression
//! indexes returned wrong pages (see 000003), so SQLite sorted every client for the default
//! page (~110 ms at 1M clients). Here the flags are plain columns instead, kept by triggers
//! from `company` and `first_group_name`, each with two indexes: `(flag, name)` walked forward
//! serves ascending, `(flag DESC, name)` walked backward serves descending (flag ascending,
//! name and id descending), and the reverse of each is the other walk. Nothing on PostgreSQL.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000018_sqlite_sort_flags"
    }
}

/// (flag column, what it flags as 1, the sorted column).
const FLAGS: [(&str, &str, &str); 2] = [
    ("sort_no_company", "company = ''", "company"),
    (
        "sort_no_group",
        "first_group_name IS NULL",
        "first_group_name",
    ),
];

/// SQLite: every flag set from its rule (after a bulk load without triggers).
pub(crate) async fn recompute<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    for (flag, rule, _) in FLAGS {
        db.execute_unprepared(&format!(
            "UPDATE clients SET {flag} = ({rule}) WHERE {flag} <> ({rule})"
        ))
        .await?;
    }
    Ok(())
}

/// SQLite: clients whose flags differ from their rule (for tests and checks), as `(tbl, id)`.
pub fn drift_sql() -> String {
    let wrong = FLAGS
        .iter()
        .map(|(flag, rule, _)| format!("{flag} <> ({rule})"))
        .collect::<Vec<_>>()
        .join(" OR ");
    format!("SELECT 'clients' AS tbl, id FROM clients WHERE {wrong}")
}

/// The triggers that keep the flags.
pub(crate) fn triggers() -> Vec<String> {
    let sets = FLAGS
        .iter()
        .map(|(flag, rule, _)| format!("{flag} = (NEW.{rule})"))
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        format!(
            "CREATE TRIGGER ss_clients_ins AFTER INSERT ON clients BEGIN \
             UPDATE clients SET {sets} WHERE id = NEW.id; END"
        ),
        format!(
            "CREATE TRIGGER ss_clients_upd AFTER UPDATE OF company, first_group_name ON clients BEGIN \
             UPDATE clients SET {sets} WHERE id = NEW.id; END"
        ),
    ]
}

fn statements() -> Vec<String> {
    let mut v = Vec::new();
    for (flag, rule, column) in FLAGS {
        v.push(format!(
            "ALTER TABLE clients ADD COLUMN {flag} INTEGER NOT NULL DEFAULT 0"
        ));
        v.push(format!("UPDATE clients SET {flag} = 1 WHERE {rule}"));
        v.push(format!(
            "CREATE INDEX idx_clients_{flag}_asc ON clients ({flag}, {column})"
        ));
        v.push(format!(
            "CREATE INDEX idx_clients_{flag}_desc ON clients ({flag} DESC, {column})"
        ));
    }
    v.extend(triggers());
    v
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for sql in statements() {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for t in ["ss_clients_ins", "ss_clients_upd"] {
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}"))
                .await?;
        }
        for (flag, _, _) in FLAGS {
            for dir in ["asc", "desc"] {
                db.execute_unprepared(&format!("DROP INDEX IF EXISTS idx_clients_{flag}_{dir}"))
                    .await?;
            }
            db.execute_unprepared(&format!("ALTER TABLE clients DROP COLUMN {flag}"))
                .await?;
        }
        Ok(())
    }
}
