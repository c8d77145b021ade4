//! Exact row counts without scanning: `row_counts`, kept by triggers in the same transaction
//! as every insert, delete and status change (migration 000013; `migration::counted()` says
//! which tables and columns are counted).

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};
use std::collections::HashMap;

/// Which rows of a counted table to total: all, or those whose counted column `dim` holds one
/// of some values (as stored text: `"EUR"`, `"3"`).
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    pub table: &'static str,
    pub dim: Option<(&'static str, Values)>,
}

/// The values of a counted column to total.
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// Any of these.
    Any(Vec<String>),
    /// From the first to the second, both included (either open), in the stored text's
    /// order: the days of `clients.created_day` (`YYYY-MM-DD`).
    Between(Option<String>, Option<String>),
}

impl Tally {
    /// All rows of `table`.
    pub fn all(table: &'static str) -> Self {
        Tally { table, dim: None }
    }

    /// The rows whose `dim` is one of `values`.
    pub fn of(table: &'static str, dim: &'static str, values: Vec<String>) -> Self {
        Tally {
            table,
            dim: Some((dim, Values::Any(values))),
        }
    }

    /// The rows whose `dim` is between `from` and `to` (both included; `None`: open).
    pub fn between(
        table: &'static str,
        dim: &'static str,
        from: Option<String>,
        to: Option<String>,
    ) -> Self {
        Tally {
            table,
            dim: Some((dim, Values::Between(from, to))),
        }
    }

    /// The rows whose `dim` is `value`, or all when `value` is `None`.
    pub fn maybe(table: &'static str, dim: &'static str, value: Option<String>) -> Self {
        match value {
            Some(v) => Tally::of(table, dim, vec![v]),
            None => Tally::all(table),
        }
    }
}

/// Rows per status (`""` for a table without a status); `None` when the table or column is not
/// counted, so the caller counts with a query instead.
pub async fn by_status(
    db: &DatabaseConnection,
    tally: &Tally,
) -> Result<Option<HashMap<String, u64>>, DbErr> {
    let Some(counted) = migration::counted().find(|c| c.table == tally.table) else {
        return Ok(None);
    };
    // Every dimension sums to the table's totals: read the first.
    let (dim, values) = match &tally.dim {
        Some((d, v)) if counted.dims.contains(d) => (*d, Some(v)),
        Some(_) => return Ok(None),
        None => (counted.dims.first().copied().unwrap_or(""), None),
    };
    let mut q = Query::select();
    q.column(Alias::new("status"))
        .expr_as(Expr::cust("CAST(SUM(n) AS BIGINT)"), Alias::new("n"))
        .from(Alias::new("row_counts"))
        .and_where(Expr::col(Alias::new("tbl")).eq(tally.table))
        .and_where(Expr::col(Alias::new("dim")).eq(dim))
        .group_by_col(Alias::new("status"));
    let val = || Expr::col(Alias::new("val"));
    match values {
        None => {}
        Some(Values::Any(values)) => {
            q.and_where(val().is_in(values.iter().map(String::as_str)));
        }
        Some(Values::Between(from, to)) => {
            if let Some(from) = from {
                q.and_where(val().gte(from.as_str()));
            }
            if let Some(to) = to {
                q.and_where(val().lte(to.as_str()));
            }
        }
    }
    let rows = db.query_all(&q).await?;
    let mut counts = HashMap::new();
    for row in rows {
        let status: String = row.try_get("", "status")?;
        let n: i64 = row.try_get("", "n")?;
        counts.insert(status, u64::try_from(n).unwrap_or(0));
    }
    Ok(Some(counts))
}

/// Rows per value of the counted column `dim` of `table` (all statuses), most first; `None`
/// when that column is not counted. Values without rows are absent.
pub async fn per_value(
    db: &DatabaseConnection,
    table: &'static str,
    dim: &'static str,
) -> Result<Option<Vec<(String, u64)>>, DbErr> {
    if !migration::counted().any(|c| c.table == table && c.dims.contains(&dim)) {
        return Ok(None);
    }
    let q = Query::select()
        .column(Alias::new("val"))
        .expr_as(Expr::cust("CAST(SUM(n) AS BIGINT)"), Alias::new("n"))
        .from(Alias::new("row_counts"))
        .and_where(Expr::col(Alias::new("tbl")).eq(table))
        .and_where(Expr::col(Alias::new("dim")).eq(dim))
        .group_by_col(Alias::new("val"))
        .to_owned();
    let mut out: Vec<(String, u64)> = Vec::new();
    for row in db.query_all(&q).await? {
        let n: i64 = row.try_get("", "n")?;
        if n > 0 {
            out.push((row.try_get("", "val")?, u64::try_from(n).unwrap_or(0)));
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(Some(out))
}

/// The values of the counted column `dim` of `table` that have counters (some may count 0
/// rows now); empty when that column is not counted.
pub async fn values(
    db: &DatabaseConnection,
    table: &'static str,
    dim: &'static str,
) -> Result<Vec<String>, DbErr> {
    let q = Query::select()
        .distinct()
        .column(Alias::new("val"))
        .from(Alias::new("row_counts"))
        .and_where(Expr::col(Alias::new("tbl")).eq(table))
        .and_where(Expr::col(Alias::new("dim")).eq(dim))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&q).await? {
        out.push(row.try_get("", "val")?);
    }
    Ok(out)
}

/// One counter that disagrees with a recount of its table.
#[derive(Debug, PartialEq, Eq)]
pub struct Drift {
    pub table: &'static str,
    pub dim: &'static str,
    pub value: String,
    pub status: String,
    pub kept: i64,
    pub recounted: i64,
}

/// Every counter that differs from a recount of its table: empty when they are exact. A full
/// scan of every counted table, for tests and checks.
pub async fn drift(db: &DatabaseConnection) -> Result<Vec<Drift>, DbErr> {
    let backend = db.get_database_backend();
    let read = |sql: String| async move {
        let mut m = HashMap::new();
        for row in db
            .query_all_raw(Statement::from_string(backend, sql))
            .await?
        {
            let key: (String, String) = (row.try_get("", "val")?, row.try_get("", "status")?);
            m.insert(key, row.try_get::<i64>("", "n")?);
        }
        Ok::<_, DbErr>(m)
    };
    let mut out = Vec::new();
    for c in migration::counted() {
        for dim in c.stored_dims() {
            let kept = read(format!(
                "SELECT val, status, n FROM row_counts WHERE tbl = '{}' AND dim = '{dim}'",
                c.table
            ))
            .await?;
            let recounted = read(c.recount(dim)).await?;
            let mut keys: Vec<&(String, String)> = kept.keys().chain(recounted.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let kept = kept.get(k).copied().unwrap_or(0);
                let recounted = recounted.get(k).copied().unwrap_or(0);
                if kept != recounted {
                    out.push(Drift {
                        table: c.table,
                        dim,
                        value: k.0.clone(),
                        status: k.1.clone(),
                        kept,
                        recounted,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// The clients and projects whose facts (live services, instances: migration 000016) differ
/// from a recount, as `(table, id)`: empty when they are exact. A full scan, for tests.
/// Also the clients' uses (000024, `client_uses` and the client's id) and, on SQLite, the
/// sort flags of migration 000018.
pub async fn fact_drift(db: &DatabaseConnection) -> Result<Vec<(String, i32)>, DbErr> {
    let backend = db.get_database_backend();
    let mut checks = vec![migration::facts_drift_sql(), migration::uses_drift_sql()];
    if backend == sea_orm::DatabaseBackend::Sqlite {
        checks.push(migration::sort_flags_drift_sql());
    }
    let mut out = Vec::new();
    for sql in checks {
        for r in db
            .query_all_raw(Statement::from_string(backend, sql))
            .await?
        {
            out.push((r.try_get("", "tbl")?, r.try_get("", "id")?));
        }
    }
    Ok(out)
}
