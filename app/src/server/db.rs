//! Connecting to SQLite or PostgreSQL and bringing the schema up to date.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend};
use std::time::Duration;

/// The embedded default: a SQLite file next to the working directory, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/app.db?mode=rwc";

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("DATABASE_URL {0:?} is not a sqlite:// or postgres:// URL")]
    BadUrl(String),
    #[error("cannot create the directory for the SQLite file {path:?}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot connect to the database at {url}: {source}")]
    Connect { url: String, source: sea_orm::DbErr },
    #[error("cannot migrate the database: {0}")]
    Migrate(sea_orm::DbErr),
}

/// A URL with any password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Connects, creating the SQLite file (and its directory) when needed.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbSetupError> {
    let backend = if url.starts_with("sqlite:") {
        DbBackend::Sqlite
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        DbBackend::Postgres
    } else {
        return Err(DbSetupError::BadUrl(redact(url)));
    };
    if backend == DbBackend::Sqlite {
        ensure_sqlite_dir(url)?;
    }
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10));
    if backend == DbBackend::Sqlite {
        // One writer at a time anyway; a small pool avoids "database is locked" churn.
        opts.max_connections(4);
    }
    Database::connect(opts)
        .await
        .map_err(|source| DbSetupError::Connect {
            url: redact(url),
            source,
        })
}

fn ensure_sqlite_dir(url: &str) -> Result<(), DbSetupError> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(|source| DbSetupError::Directory {
                path: path.to_owned(),
                source,
            })?;
        }
    }
    Ok(())
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbSetupError> {
    Migrator::up(db, None).await.map_err(DbSetupError::Migrate)
}

/// Connect and migrate: what start-up and tests do.
pub async fn open(url: &str) -> Result<DatabaseConnection, DbSetupError> {
    let db = connect(url).await?;
    migrate(&db).await?;
    Ok(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact("postgres://bob:secret@db:5432/x"),
            "postgres://bob:***@db:5432/x"
        );
        assert_eq!(redact("postgres://bob@db/x"), "postgres://bob@db/x");
        assert_eq!(redact("sqlite://data/app.db"), "sqlite://data/app.db");
    }
}
