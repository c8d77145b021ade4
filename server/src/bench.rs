//! `server bench`: the clients dashboard measured through its real HTTP page.
//!
//! Serves the app in this process on a loopback port over the database of `DATABASE_URL`, signs
//! in through the sign-in form as a read-only staff account made for the run, then requests
//! every case's server-rendered page `--runs` times (after one warm-up) and prints p50 / p95 /
//! max with the case's matching clients. Cases are chosen from the data itself: for each
//! filter the value most clients have, one few have, and one none has. A bounded load on three
//! pages follows (`--connections` keep-alive connections for `--load-secs` each), then the
//! process's peak RSS (server and load generator together; the generator's share is small).
//!
//! Timings are printed, never asserted: `docs/performance.md` keeps the table and the machine.

use chrono::{Datelike, Duration as Days, NaiveDate, Utc};
use domain::auth::bootstrap;
use domain::counts::{self, Tally};
use domain::services::client_query;
use model::client_query::{ClientQuery, Dir, SortKey};
use model::{ClientStatus, ProductType};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::cmp::Reverse;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// What `server bench` was asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Timed requests per case (after one warm-up request).
    pub runs: usize,
    /// Seconds of load per loaded page; 0 skips the load.
    pub load_secs: u64,
    /// Concurrent keep-alive connections during the load.
    pub connections: usize,
    /// Only the cases whose name contains this (and no exports or bulk runs, which take
    /// minutes at 1M clients).
    pub only: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runs: 7,
            load_secs: 10,
            connections: 8,
            only: None,
        }
    }
}

/// One dashboard page to time.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub query: ClientQuery,
}

impl Case {
    fn new(name: impl Into<String>, query: ClientQuery) -> Case {
        Case {
            name: name.into(),
            query,
        }
    }
}

fn q(change: impl FnOnce(&mut ClientQuery)) -> ClientQuery {
    ClientQuery::default().with(change)
}

/// A filter's values by how many rows have them: the most, the fewest (but some), and one
/// that no row has (an id nothing uses, or one past the last id when every id is used).
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    pub common: Option<i32>,
    pub rare: Option<i32>,
    pub none: i32,
}

impl Spread {
    /// From `(id, rows)` pairs with rows > 0 and every id of the reference table.
    pub fn of(mut used: Vec<(i32, u64)>, all_ids: &[i32]) -> Spread {
        used.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let none = all_ids
            .iter()
            .copied()
            .find(|id| !used.iter().any(|(u, _)| u == id))
            .unwrap_or_else(|| all_ids.iter().copied().max().unwrap_or(0) + 1);
        Spread {
            common: used.first().map(|(id, _)| *id),
            rare: used.last().map(|(id, _)| *id),
            none,
        }
    }

    /// The three cases of a filter set by `set`.
    fn cases(&self, filter: &str, set: impl Fn(&mut ClientQuery, i32)) -> Vec<Case> {
        let mut out = Vec::new();
        for (label, id) in [("common", self.common), ("rare", self.rare)] {
            if let Some(id) = id {
                out.push(Case::new(
                    format!("{filter} {label} ({id})"),
                    q(|c| set(c, id)),
                ));
            }
        }
        out.push(Case::new(
            format!("{filter} none ({})", self.none),
            q(|c| set(c, self.none)),
        ));
        out
    }
}

/// For a closed set of values with their row counts: the most used, the least used (but
/// used) and an unused one, labelled, as far as they exist.
fn picks<T: Copy>(counted: impl Iterator<Item = (T, u64)>) -> Vec<(&'static str, T)> {
    let mut all: Vec<(T, u64)> = counted.collect();
    all.sort_by_key(|v| Reverse(v.1));
    let used: Vec<T> = all.iter().filter(|(_, n)| *n > 0).map(|v| v.0).collect();
    let mut out = Vec::new();
    out.extend(used.first().map(|v| ("common", *v)));
    out.extend(used.last().map(|v| ("rare", *v)));
    out.extend(all.iter().find(|(_, n)| *n == 0).map(|v| ("none", v.0)));
    out
}

async fn ids(db: &DatabaseConnection, table: &str) -> Result<Vec<i32>, String> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT id FROM \"{table}\""),
        ))
        .await
        .map_err(|e| e.to_string())?;
    rows.iter()
        .map(|r| r.try_get::<i32>("", "id").map_err(|e| e.to_string()))
        .collect()
}

/// `(id, rows)` from the counters of `table`'s column `dim`.
async fn counted(
    db: &DatabaseConnection,
    table: &'static str,
    dim: &'static str,
) -> Result<Vec<(i32, u64)>, String> {
    let values = counts::per_value(db, table, dim)
        .await
        .map_err(|e| e.to_string())?
        .ok_or(format!("{table}.{dim} is not counted"))?;
    Ok(values
        .into_iter()
        .filter_map(|(v, n)| Some((v.parse().ok()?, n)))
        .collect())
}

async fn spread(
    db: &DatabaseConnection,
    table: &'static str,
    dim: &'static str,
    reference: &str,
) -> Result<Spread, String> {
    Ok(Spread::of(
        counted(db, table, dim).await?,
        &ids(db, reference).await?,
    ))
}

/// Words of at least four letters in `names`, by how often they occur.
pub fn word_frequencies<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut freq: HashMap<String, usize> = HashMap::new();
    for name in names {
        for word in name.split(|c: char| !c.is_alphabetic()) {
            if word.chars().count() >= 4 {
                *freq.entry(word.to_lowercase()).or_default() += 1;
            }
        }
    }
    let mut v: Vec<(String, usize)> = freq.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Every case, with values read from the database.
pub async fn cases(db: &DatabaseConnection) -> Result<Vec<Case>, String> {
    let e = |e: sea_orm::DbErr| e.to_string();
    let mut out = vec![Case::new("default", ClientQuery::default())];
    for sort in [
        SortKey::Company,
        SortKey::Country,
        SortKey::Created,
        SortKey::Credit,
        SortKey::Configuration,
        SortKey::Group,
    ] {
        for dir in [Dir::Asc, Dir::Desc] {
            out.push(Case::new(
                format!("sort {} {}", sort.as_str(), dir.as_str()),
                q(|c| {
                    c.sort = sort;
                    c.dir = dir;
                }),
            ));
        }
    }

    // Created: the last year, one day, a range in the future.
    let today = Utc::now().date_naive();
    let year_ago = today - Days::days(365);
    out.push(Case::new(
        "created last year",
        q(|c| c.created_from = Some(year_ago)),
    ));
    out.push(Case::new(
        "created one day",
        q(|c| {
            c.created_from = Some(year_ago);
            c.created_to = Some(year_ago);
        }),
    ));
    let future = NaiveDate::from_ymd_opt(today.year() + 10, 1, 1).unwrap_or(today);
    out.push(Case::new(
        "created none (future)",
        q(|c| c.created_from = Some(future)),
    ));

    let configurations = spread(db, "clients", "configuration_id", "configurations").await?;
    out.extend(configurations.cases("configuration", |c, id| c.configurations = vec![id]));

    let by_status = counts::by_status(db, &Tally::all("clients"))
        .await
        .map_err(e)?
        .unwrap_or_default();
    let statuses = ClientStatus::ALL
        .iter()
        .map(|s| (*s, by_status.get(s.as_str()).copied().unwrap_or(0)));
    for (label, s) in picks(statuses) {
        out.push(Case::new(
            format!("status {label} ({})", s.as_str()),
            q(|c| c.statuses = vec![s]),
        ));
    }

    for (name, set) in [
        (
            "tax exempt",
            (|c: &mut ClientQuery, b| c.tax_exempt = Some(b)) as fn(&mut ClientQuery, bool),
        ),
        ("billing agreement", |c, b| c.billing_agreement = Some(b)),
        ("has services", |c, b| c.has_services = Some(b)),
        ("has instances", |c, b| c.has_instances = Some(b)),
    ] {
        for b in [true, false] {
            out.push(Case::new(
                format!("{name} {}", if b { "yes" } else { "no" }),
                q(|c| set(c, b)),
            ));
        }
    }

    let groups = {
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT group_id, CAST(COUNT(*) AS BIGINT) AS n FROM client_group_members \
                 GROUP BY group_id"
                    .to_owned(),
            ))
            .await
            .map_err(e)?;
        let mut used = Vec::new();
        for r in rows {
            let n: i64 = r.try_get("", "n").map_err(e)?;
            used.push((
                r.try_get::<i32>("", "group_id").map_err(e)?,
                u64::try_from(n).unwrap_or(0),
            ));
        }
        Spread::of(used, &ids(db, "client_groups").await?)
    };
    out.extend(groups.cases("group", |c, id| c.groups = vec![id]));
    let regions = spread(db, "instances", "region_id", "regions").await?;
    out.extend(regions.cases("region", |c, id| c.regions = vec![id]));
    let flavors = spread(db, "instances", "flavor_id", "flavors").await?;
    out.extend(flavors.cases("flavor", |c, id| c.flavors = vec![id]));
    let hypervisors = spread(db, "instances", "hypervisor_id", "hypervisors").await?;
    out.extend(hypervisors.cases("hypervisor", |c, id| c.hypervisors = vec![id]));
    let products = spread(db, "services", "product_id", "products").await?;
    out.extend(products.cases("product", |c, id| c.products = vec![id]));

    // Service types: by services of their products.
    let type_of: HashMap<i32, String> = {
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT id, product_type FROM products".to_owned(),
            ))
            .await
            .map_err(e)?;
        let mut m = HashMap::new();
        for r in rows {
            m.insert(
                r.try_get::<i32>("", "id").map_err(e)?,
                r.try_get::<String>("", "product_type").map_err(e)?,
            );
        }
        m
    };
    let mut per_type: HashMap<String, u64> = HashMap::new();
    for (id, n) in counted(db, "services", "product_id").await? {
        if let Some(t) = type_of.get(&id) {
            *per_type.entry(t.clone()).or_default() += n;
        }
    }
    let types = ProductType::ALL
        .iter()
        .map(|t| (*t, per_type.get(t.as_str()).copied().unwrap_or(0)));
    for (label, t) in picks(types) {
        out.push(Case::new(
            format!("service type {label} ({})", t.as_str()),
            q(|c| c.service_types = vec![t]),
        ));
    }

    // Search: words from a sample of companies, a name with non-ASCII letters, the e-mail and
    // the ID of the client in the middle, a word nobody has.
    let sample = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT company FROM clients WHERE company <> '' ORDER BY id LIMIT 2000".to_owned(),
        ))
        .await
        .map_err(e)?;
    let companies: Vec<String> = sample
        .iter()
        .filter_map(|r| r.try_get::<String>("", "company").ok())
        .collect();
    let words = word_frequencies(companies.iter().map(String::as_str));
    let mut searches: Vec<(String, String)> = Vec::new();
    if let Some((w, _)) = words.first() {
        searches.push(("search common word".into(), w.clone()));
    }
    if let Some((w, _)) = words.iter().rev().find(|(_, n)| *n == 1) {
        searches.push(("search rare word".into(), w.clone()));
    }
    searches.push(("search non-ASCII".into(), "müller".into()));
    let middle = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id, email FROM clients WHERE id >= (SELECT (MIN(id) + MAX(id)) / 2 FROM \
             clients) ORDER BY id LIMIT 1"
                .to_owned(),
        ))
        .await
        .map_err(e)?;
    if let Some(r) = middle.first() {
        let id: i32 = r.try_get("", "id").map_err(e)?;
        let email: String = r.try_get("", "email").map_err(e)?;
        searches.push(("search e-mail".into(), email));
        searches.push(("search client ID".into(), format!("#{id}")));
    }
    searches.push(("search nothing".into(), "qxzvjw".into()));
    for (name, text) in searches {
        out.push(Case::new(name, q(|c| c.search = text.clone())));
    }

    let total: u64 = by_status.values().sum();
    let last = total.div_ceil(ClientQuery::default().per_page).max(1);
    for page in [2, 200].into_iter().filter(|p| *p < last).chain([last]) {
        let name = if page == last {
            format!("page last ({page})")
        } else {
            format!("page {page}")
        };
        out.push(Case::new(name, ClientQuery::default().with_page(page)));
    }

    // Combinations staff actually use.
    let combos = [
        (
            "combo active, configuration, has services, credit desc",
            q(|c| {
                c.statuses = vec![ClientStatus::Active];
                c.configurations = configurations.common.into_iter().collect();
                c.has_services = Some(true);
                c.sort = SortKey::Credit;
                c.dir = Dir::Desc;
            }),
        ),
        (
            "combo region, flavor, active, has instances, created desc",
            q(|c| {
                c.regions = regions.common.into_iter().collect();
                c.flavors = flavors.common.into_iter().collect();
                c.statuses = vec![ClientStatus::Active];
                c.has_instances = Some(true);
                c.sort = SortKey::Created;
                c.dir = Dir::Desc;
            }),
        ),
        (
            "combo group, not tax exempt, billing agreement, country",
            q(|c| {
                c.groups = groups.common.into_iter().collect();
                c.tax_exempt = Some(false);
                c.billing_agreement = Some(true);
                c.sort = SortKey::Country;
            }),
        ),
        (
            "combo search, active, product, created last year, company desc",
            q(|c| {
                c.search = words.first().map(|(w, _)| w.clone()).unwrap_or_default();
                c.statuses = vec![ClientStatus::Active];
                c.products = products.common.into_iter().collect();
                c.created_from = Some(year_ago);
                c.dir = Dir::Desc;
            }),
        ),
    ];
    out.extend(combos.into_iter().map(|(n, q)| Case::new(n, q)));
    Ok(out)
}

/// The value below which `p` of the sorted `samples` lie (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// A signed-in HTTP client of the in-process server.
struct Browser {
    http: reqwest::Client,
    base: String,
    cookie: String,
}

impl Browser {
    fn client() -> Result<reqwest::Client, String> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(1)
            .build()
            .map_err(|e| e.to_string())
    }

    async fn sign_in(base: String, email: &str, password: &str) -> Result<Browser, String> {
        let http = Browser::client()?;
        let resp = http
            .post(format!("{base}/api/auth/login"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .map_err(|e| format!("sign-in: {e}"))?;
        let cookie = resp
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("cumulus_session="))
            .and_then(|v| v.split(';').next())
            .map(str::to_owned)
            .ok_or(format!(
                "sign-in answered {} without a session",
                resp.status()
            ))?;
        Ok(Browser { http, base, cookie })
    }

    /// GETs `path` and reads the whole body; an error unless the page was served (200).
    async fn get(&self, http: &reqwest::Client, path: &str) -> Result<usize, String> {
        let resp = http
            .get(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, &self.cookie)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(|e| e.to_string())?;
        if status != reqwest::StatusCode::OK {
            return Err(format!("{path}: {status}"));
        }
        Ok(body.len())
    }
}

/// One case's figures.
#[derive(Clone, Debug)]
pub struct Timed {
    pub name: String,
    pub path: String,
    /// The clients matching the case (the dashboard's own total).
    pub total: u64,
    pub p50: Duration,
    pub p95: Duration,
    pub max: Duration,
}

/// One loaded page's figures.
#[derive(Clone, Debug)]
pub struct Load {
    pub name: String,
    pub requests: usize,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub errors: usize,
}

/// Everything a run measured (also printed as it goes).
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub cases: Vec<Timed>,
    pub loads: Vec<Load>,
    pub exports: Vec<Exported>,
    pub bulks: Vec<BulkTimed>,
}

/// One bulk run over every active client, driven to its end in this process.
#[derive(Clone, Debug)]
pub struct BulkTimed {
    pub name: String,
    pub clients: u64,
    pub done: u64,
    pub total: Duration,
}

/// One export downloaded whole, as a browser would.
#[derive(Clone, Debug)]
pub struct Exported {
    pub name: String,
    pub path: String,
    /// Data lines (the CSV header row not counted).
    pub rows: u64,
    pub bytes: u64,
    pub first_byte: Duration,
    pub total: Duration,
    /// How much the process's resident memory grew while the file streamed.
    pub rss_growth_kib: Option<u64>,
}

/// Runs the benchmark and prints its tables (Markdown) to standard output.
pub async fn run(db: DatabaseConnection, opts: Options) -> Result<Report, String> {
    let e = |e: sea_orm::DbErr| e.to_string();
    let engine = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "PostgreSQL",
        sea_orm::DatabaseBackend::Sqlite => "SQLite",
        _ => "other",
    };
    let mut sizes = String::new();
    for table in [
        "clients",
        "services",
        "invoices",
        "journal_entries",
        "instances",
    ] {
        let n: u64 = counts::by_status(&db, &Tally::all(table))
            .await
            .map_err(e)?
            .map_or(0, |m| m.values().sum());
        let _ = write!(sizes, "{table} {n}, ");
    }
    println!("# server bench: {engine}, {}", sizes.trim_end_matches(", "));

    let mut cases = cases(&db).await?;
    if let Some(only) = &opts.only {
        cases.retain(|c| c.name.contains(only.as_str()));
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let app = crate::router(crate::leptos_options(), db.clone());
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    let (email, password) = bootstrap::bench_account(&db).await.map_err(e)?;
    let outcome = measure(
        &db,
        format!("http://{addr}"),
        &email,
        &password,
        &cases,
        &opts,
    )
    .await;
    bootstrap::retire_bench_account(&db).await.map_err(e)?;
    outcome
}

async fn measure(
    db: &DatabaseConnection,
    base: String,
    email: &str,
    password: &str,
    cases: &[Case],
    opts: &Options,
) -> Result<Report, String> {
    let mut report = Report::default();
    let browser = Browser::sign_in(base, email, password).await?;
    println!(
        "\n{} runs per case after one warm-up; full server-rendered page, ms\n",
        opts.runs
    );
    println!("| case | matching | p50 | p95 | max | URL |");
    println!("|---|---:|---:|---:|---:|---|");
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for case in cases {
        let path = case.query.href();
        let total = client_query::page(db, &case.query)
            .await
            .map_err(|e| format!("{}: {e}", case.name))?
            .total;
        browser.get(&browser.http, &path).await?;
        let mut times = Vec::with_capacity(opts.runs);
        for _ in 0..opts.runs {
            let started = Instant::now();
            browser.get(&browser.http, &path).await?;
            times.push(started.elapsed());
        }
        times.sort();
        let (p50, p95, max) = (
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            times.last().copied().unwrap_or_default(),
        );
        println!(
            "| {} | {total} | {} | {} | {} | `{path}` |",
            case.name,
            ms(p50),
            ms(p95),
            ms(max)
        );
        slowest.push((p50, case.name.clone()));
        report.cases.push(Timed {
            name: case.name.clone(),
            path,
            total,
            p50,
            p95,
            max,
        });
    }
    slowest.sort_by_key(|s| Reverse(s.0));
    let over = |limit: u64| {
        slowest
            .iter()
            .filter(|(d, _)| *d > Duration::from_millis(limit))
            .count()
    };
    println!(
        "\n{} cases; p50 over 100 ms: {}; over 250 ms: {}; slowest: {}",
        slowest.len(),
        over(100),
        over(250),
        slowest
            .iter()
            .take(3)
            .map(|(d, n)| format!("{n} {} ms", ms(*d)))
            .collect::<Vec<_>>()
            .join(", ")
    );

    if opts.load_secs > 0 {
        println!(
            "\nLoad: {} connections for {} s per page\n",
            opts.connections, opts.load_secs
        );
        println!("| page | requests/s | p50 ms | p99 ms | max ms | errors |");
        println!("|---|---:|---:|---:|---:|---:|");
        let loaded = [
            cases.iter().find(|c| c.name == "default"),
            cases
                .iter()
                .find(|c| c.name.starts_with("configuration common")),
            cases.iter().find(|c| c.name.starts_with("status rare")),
        ];
        for case in loaded.into_iter().flatten() {
            let r = load(&browser, &case.name, &case.query.href(), opts).await?;
            println!(
                "| {} | {:.0} | {} | {} | {} | {} |",
                case.name,
                r.per_second,
                ms(r.p50),
                ms(r.p99),
                ms(r.max),
                r.errors
            );
            report.loads.push(r);
        }
    }
    if opts.only.is_none() {
        println!("\nExport: every matching client, streamed to the end\n");
        println!("| export | rows | MB | first byte ms | total s | rows/s | RSS growth MiB |");
        println!("|---|---:|---:|---:|---:|---:|---:|");
        for (name, path) in [
            (
                "all clients, CSV",
                "/staff/clients/export?format=csv".to_owned(),
            ),
            (
                "active, by credit desc, JSON lines",
                "/staff/clients/export?format=jsonl&status=active&sort=credit&dir=desc".to_owned(),
            ),
        ] {
            let x = export(&browser, name, &path).await?;
            println!(
                "| {} | {} | {:.1} | {} | {:.1} | {:.0} | {} |",
                x.name,
                x.rows,
                x.bytes as f64 / 1e6,
                ms(x.first_byte),
                x.total.as_secs_f64(),
                x.rows as f64 / x.total.as_secs_f64().max(1e-9),
                x.rss_growth_kib
                    .map_or("?".to_owned(), |k| format!("{:.1}", k as f64 / 1024.0))
            );
            report.exports.push(x);
        }
        report.bulks = bulk(db).await?;
    }
    if let Some(peak) = peak_rss_kib() {
        println!("\nPeak RSS of the process: {:.0} MiB", peak as f64 / 1024.0);
    }
    Ok(report)
}

/// Bulk runs on every active client ("select all N matching"): into a group made for the
/// benchmark and out of it again, so the database ends as it was (but for the audit log and
/// the runs' records). The job is driven here, whatever else the jobs table holds.
async fn bulk(db: &DatabaseConnection) -> Result<Vec<BulkTimed>, String> {
    use domain::entities::{bulk_run, client_group};
    use domain::services::bulk;
    use model::bulk::{BulkAction, BulkRequest, BulkStatus};
    use model::selection::Selection;
    use sea_orm::{ActiveModelTrait, EntityTrait, ModelTrait, Set};
    let e = |e: sea_orm::DbErr| e.to_string();
    let group = client_group::ActiveModel {
        name: Set(format!("server bench {}", Utc::now().timestamp_micros())),
        description: Set("Made by server bench for its bulk runs; removed after them.".into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(e)?;
    let query = ClientQuery {
        statuses: vec![ClientStatus::Active],
        ..ClientQuery::default()
    };
    let matching = client_query::page(db, &query)
        .await
        .map_err(|e| e.to_string())?
        .total;
    let actor = domain::audit::Actor {
        user_id: None,
        email: "server bench".into(),
        bulk_run: None,
    };
    let worker = domain::jobs::Worker {
        db: db.clone(),
        openstack: std::sync::Arc::new(domain::openstack::LocalOpenStack::new(db.clone())),
        id: format!("bench-{}", std::process::id()),
        lease: Days::seconds(60),
        wake: Default::default(),
    };
    println!("\nBulk runs on every active client, driven to the end in this process\n");
    println!("| run | clients | done | s | clients/s |");
    println!("|---|---:|---:|---:|---:|");
    let mut out = vec![];
    for (name, action) in [
        (
            "add to a group",
            BulkAction::AddToGroup { group_id: group.id },
        ),
        (
            "remove from it",
            BulkAction::RemoveFromGroup { group_id: group.id },
        ),
    ] {
        let started = Instant::now();
        let request = BulkRequest {
            selection: Selection::all_matching(&query, matching),
            action,
            confirm: None,
        };
        let id = bulk::start(db, &actor, &request)
            .await
            .map_err(|e| e.to_string())?;
        let run = loop {
            let run = bulk_run::Entity::find_by_id(id)
                .one(db)
                .await
                .map_err(e)?
                .ok_or("the bulk run vanished")?;
            if let Some(error) = run.error {
                return Err(format!("bulk run {id} stopped: {error}"));
            }
            if !BulkStatus::parse(&run.status).is_some_and(BulkStatus::is_live) {
                break run;
            }
            let job = run.job_id.ok_or("a live run without a job")?;
            if !worker.run_job(job).await.map_err(e)? {
                return Err(format!(
                    "job {job} of bulk run {id} was taken by another worker"
                ));
            }
        };
        let x = BulkTimed {
            name: name.to_owned(),
            clients: run.total as u64,
            done: run.done as u64,
            total: started.elapsed(),
        };
        println!(
            "| {} | {} | {} | {:.1} | {:.0} |",
            x.name,
            x.clients,
            x.done,
            x.total.as_secs_f64(),
            x.clients as f64 / x.total.as_secs_f64().max(1e-9)
        );
        out.push(x);
    }
    group.delete(db).await.map_err(e)?;
    Ok(out)
}

/// `opts.connections` clients each requesting `path` back to back for `opts.load_secs`.
async fn load(browser: &Browser, name: &str, path: &str, opts: &Options) -> Result<Load, String> {
    let until = Instant::now() + Duration::from_secs(opts.load_secs);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..opts.connections.max(1) {
        let http = Browser::client()?;
        let browser = Browser {
            http: http.clone(),
            base: browser.base.clone(),
            cookie: browser.cookie.clone(),
        };
        let path = path.to_owned();
        tasks.push(tokio::spawn(async move {
            let (mut times, mut errors) = (Vec::new(), 0usize);
            while Instant::now() < until {
                let t = Instant::now();
                match browser.get(&http, &path).await {
                    Ok(_) => times.push(t.elapsed()),
                    Err(_) => errors += 1,
                }
            }
            (times, errors)
        }));
    }
    let (mut times, mut errors) = (Vec::new(), 0);
    for t in tasks {
        let (t, e) = t.await.map_err(|e| e.to_string())?;
        times.extend(t);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    Ok(Load {
        name: name.to_owned(),
        requests: times.len(),
        per_second: times.len() as f64 / elapsed.max(0.001),
        p50: percentile(&times, 0.5),
        p99: percentile(&times, 0.99),
        max: times.last().copied().unwrap_or_default(),
        errors,
    })
}

/// The process's peak resident set (Linux `VmHWM`), in KiB.
/// Downloads one export chunk by chunk, sampling the process's memory as it goes.
async fn export(browser: &Browser, name: &str, path: &str) -> Result<Exported, String> {
    let started = Instant::now();
    let before = rss_kib();
    let mut resp = browser
        .http
        .get(format!("{}{path}", browser.base))
        .header(reqwest::header::COOKIE, &browser.cookie)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if resp.status() != reqwest::StatusCode::OK {
        return Err(format!("{path}: {}", resp.status()));
    }
    let (mut bytes, mut lines, mut first_byte, mut most) = (0u64, 0u64, None, before);
    while let Some(chunk) = resp.chunk().await.map_err(|e| format!("{path}: {e}"))? {
        first_byte.get_or_insert_with(|| started.elapsed());
        bytes += chunk.len() as u64;
        lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        most = most.max(rss_kib());
    }
    let header = u64::from(path.contains("format=csv"));
    Ok(Exported {
        name: name.to_owned(),
        path: path.to_owned(),
        rows: lines.saturating_sub(header),
        bytes,
        first_byte: first_byte.unwrap_or_default(),
        total: started.elapsed(),
        rss_growth_kib: most.zip(before).map(|(m, b)| m.saturating_sub(b)),
    })
}

/// The process's resident memory now.
fn rss_kib() -> Option<u64> {
    proc_status_kib("VmRSS:")
}

fn peak_rss_kib() -> Option<u64> {
    proc_status_kib("VmHWM:")
}

fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_pick_the_most_and_fewest_used_and_an_unused_id() {
        let s = Spread::of(vec![(2, 10), (3, 500), (5, 1)], &[1, 2, 3, 4, 5]);
        assert_eq!(
            s,
            Spread {
                common: Some(3),
                rare: Some(5),
                none: 1
            }
        );
        let every = Spread::of(vec![(1, 4), (2, 4)], &[1, 2]);
        assert_eq!(
            (every.common, every.rare, every.none),
            (Some(1), Some(2), 3)
        );
        let empty = Spread::of(vec![], &[]);
        assert_eq!((empty.common, empty.rare, empty.none), (None, None, 1));
    }

    #[test]
    fn closed_sets_pick_the_most_and_fewest_used_and_an_unused_value() {
        let p = picks([("a", 5), ("b", 0), ("c", 9), ("d", 1)].into_iter());
        assert_eq!(p, vec![("common", "c"), ("rare", "d"), ("none", "b")]);
        assert_eq!(
            picks([("a", 3)].into_iter()),
            vec![("common", "a"), ("rare", "a")]
        );
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let d: Vec<Duration> = (1..=20).map(Duration::from_millis).collect();
        assert_eq!(percentile(&d, 0.5), Duration::from_millis(10));
        assert_eq!(percentile(&d, 0.95), Duration::from_millis(19));
        assert_eq!(percentile(&d, 1.0), Duration::from_millis(20));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
    }

    #[test]
    fn words_are_counted_case_blind_and_short_ones_skipped() {
        let f = word_frequencies(["Acme GmbH", "ACME Labs", "Nimbus AG", "Müller Acme"]);
        assert_eq!(f[0], ("acme".to_owned(), 3));
        assert!(f.iter().any(|(w, n)| w == "müller" && *n == 1));
        assert!(!f.iter().any(|(w, _)| w == "ag"));
    }
}
