//! The dashboard's name search through an index on both engines, with the same answers on both.
//!
//! `clients.search_key` holds the searched fields (company, first and last name, e-mail,
//! phone) case-folded by [`search_key`], one Rust function, so Unicode case folding does not
//! depend on the engine (SQLite's `LOWER` folds ASCII only: `échelle` did not find `Échelle`
//! there). The search text is folded by [`fold`] and matched as a substring of the key:
//!
//! - SQLite: an FTS5 table over the key with the trigram tokenizer (a phrase of trigrams is a
//!   substring), kept by triggers on `clients`;
//! - PostgreSQL: a pg_trgm GIN index on the key, used by `LIKE '%…%'`.
//!
//! Texts under three characters have no trigram: they are matched by `LIKE` over the keys.
//! The fields are joined by U+001F, which nobody types, so no match spans two fields. The
//! migration computes the keys of the clients already there, in batches.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000017_client_search"
    }
}

/// Between the fields of a key.
pub const SEPARATOR: char = '\u{1f}';

/// Search text as it is compared with keys: trimmed, lower-cased the Unicode way.
pub fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The searched fields of a client, folded and joined.
pub fn search_key(
    company: &str,
    first_name: &str,
    last_name: &str,
    email: &str,
    phone: &str,
) -> String {
    [company, first_name, last_name, email, phone]
        .iter()
        .map(|f| fold(f))
        .collect::<Vec<_>>()
        .join(&SEPARATOR.to_string())
}

/// Clients per backfill statement.
const BATCH: usize = 2000;

async fn backfill(db: &SchemaManagerConnection<'_>, backend: DatabaseBackend) -> Result<(), DbErr> {
    let mut after = 0i64;
    loop {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    DatabaseBackend::Postgres => {
                        "SELECT id, company, first_name, last_name, email, phone FROM clients \
                         WHERE id > $1 ORDER BY id LIMIT $2"
                    }
                    _ => {
                        "SELECT id, company, first_name, last_name, email, phone FROM clients \
                         WHERE id > ? ORDER BY id LIMIT ?"
                    }
                },
                [
                    Value::BigInt(Some(after)),
                    Value::BigInt(Some(BATCH as i64)),
                ],
            ))
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = i64::from(last.try_get::<i32>("", "id")?);
        // One statement per batch, joined to its keys as a VALUES list (`column1`, `column2`
        // on both engines): a CASE over the batch's ids would cost ids × rows.
        let mut placeholders = Vec::with_capacity(rows.len());
        let mut values: Vec<Value> = Vec::with_capacity(rows.len() * 2);
        for row in &rows {
            let field = |c: &str| row.try_get::<String>("", c);
            let key = search_key(
                &field("company")?,
                &field("first_name")?,
                &field("last_name")?,
                &field("email")?,
                &field("phone")?,
            );
            placeholders.push(match backend {
                DatabaseBackend::Postgres => {
                    format!("(${}::int, ${})", values.len() + 1, values.len() + 2)
                }
                _ => "(?, ?)".to_owned(),
            });
            values.push(Value::Int(Some(row.try_get::<i32>("", "id")?)));
            values.push(Value::String(Some(key)));
        }
        let sql = format!(
            "UPDATE clients SET search_key = v.column2 FROM (VALUES {}) AS v \
             WHERE clients.id = v.column1",
            placeholders.join(", ")
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
}

pub(crate) const SQLITE_TRIGGERS: [&str; 3] = [
    "CREATE TRIGGER cs_clients_ins AFTER INSERT ON clients BEGIN \
     INSERT INTO clients_fts (rowid, search_key) VALUES (NEW.id, NEW.search_key); END",
    "CREATE TRIGGER cs_clients_del AFTER DELETE ON clients BEGIN \
     INSERT INTO clients_fts (clients_fts, rowid, search_key) VALUES ('delete', OLD.id, OLD.search_key); END",
    "CREATE TRIGGER cs_clients_upd AFTER UPDATE OF search_key ON clients BEGIN \
     INSERT INTO clients_fts (clients_fts, rowid, search_key) VALUES ('delete', OLD.id, OLD.search_key); \
     INSERT INTO clients_fts (rowid, search_key) VALUES (NEW.id, NEW.search_key); END",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        db.execute_unprepared("ALTER TABLE clients ADD COLUMN search_key TEXT NOT NULL DEFAULT ''")
            .await?;
        backfill(db, backend).await?;
        if backend == DatabaseBackend::Postgres {
            // pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may add it.
            db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                .await?;
            db.execute_unprepared(
                "CREATE INDEX idx_clients_search_key ON clients USING gin (search_key gin_trgm_ops)",
            )
            .await?;
        } else {
            // The key is folded already: trigrams compare as stored.
            db.execute_unprepared(
                "CREATE VIRTUAL TABLE clients_fts USING fts5(search_key, content='clients', \
                 content_rowid='id', tokenize='trigram case_sensitive 1')",
            )
            .await?;
            db.execute_unprepared("INSERT INTO clients_fts (clients_fts) VALUES ('rebuild')")
                .await?;
            for sql in SQLITE_TRIGGERS {
                db.execute_unprepared(sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP INDEX IF EXISTS idx_clients_search_key")
                .await?;
        } else {
            for t in ["cs_clients_ins", "cs_clients_del", "cs_clients_upd"] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}"))
                    .await?;
            }
            db.execute_unprepared("DROP TABLE IF EXISTS clients_fts")
                .await?;
        }
        db.execute_unprepared("ALTER TABLE clients DROP COLUMN search_key")
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_unicode_and_keep_fields_apart() {
        let key = search_key(
            "Échelle GmbH",
            "Jörg",
            "MÜLLER",
            "Ops@Example.COM",
            "+49 30 1",
        );
        assert_eq!(
            key,
            "échelle gmbh\u{1f}jörg\u{1f}müller\u{1f}ops@example.com\u{1f}+49 30 1"
        );
        assert!(key.contains(&fold(" ÉCHELLE ")));
        assert!(
            !key.contains(&fold("gmbh jörg")),
            "no match across two fields"
        );
    }
}
