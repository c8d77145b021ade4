//! The dashboard's query: every filter, the search and every sort as ONE SQL statement per
//! question (page, count, totals per status), run by the database on indexed columns.
//!
//! "Has services" and "has instances" are facts on the client row, kept by the database
//! (migration 000016). Groups, regions, flavors, hypervisors, products and service types are
//! what the client uses (`client_uses`, migration 000024: one row per client and thing used),
//! so such a filter is a range of that table's primary key, a client with many matching rows
//! is still one row, and one value alone is counted by the counters. Nothing is filtered or
//! sorted in Rust.

use crate::counts::{self, Tally};
use crate::entities::{client, configuration};
use crate::services::{client_search, licence};
use chrono::{Datelike, NaiveDate, NaiveTime};
use model::client::ClientPage;
use model::client_query::{ClientQuery, Dir, SortKey};
use model::{AppError, ClientStatus};
use sea_orm::prelude::*;
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, LikeExpr, Order, Query};
use sea_orm::{DatabaseBackend, JoinType, QueryOrder, QuerySelect, QueryTrait, Select};

use super::client_summary::summaries;
use model::paging::MAX_PER_PAGE;

fn client_id() -> Expr {
    Expr::col((client::Entity, client::Column::Id))
}

/// The things a related-row filter names, as `client_uses.used` spells them (`region:3`).
fn keys<T: ToString>(prefix: &str, values: &[T]) -> Vec<String> {
    values
        .iter()
        .map(|v| format!("{prefix}:{}", v.to_string()))
        .collect()
}

/// Every related-row filter of `q` (groups, regions, flavors, hypervisors, products, service
/// types) as the `client_uses` keys it accepts: a client matches a filter when it uses one of
/// them (migration 000024).
pub(super) fn related(q: &ClientQuery) -> Vec<Vec<String>> {
    let types: Vec<&str> = q.service_types.iter().map(|t| t.as_str()).collect();
    [
        keys("group", &q.groups),
        keys("region", &q.regions),
        keys("flavor", &q.flavors),
        keys("hypervisor", &q.hypervisors),
        keys("product", &q.products),
        keys("type", &types),
    ]
    .into_iter()
    .filter(|k| !k.is_empty())
    .collect()
}

/// The client uses one of `used`. Usually `clients.id IN (...)`: a semi-join driven from the
/// range of `client_uses` rows of those keys, so it costs what they number (a product nobody
/// has costs nothing). `probe`: `EXISTS (...)` instead, a primary-key lookup per client, for a
/// page read by walking the sort's index over dense matches, where building the whole set
/// first would cost more than probing the few clients walked (SQLite; PostgreSQL plans both
/// forms alike).
fn uses(used: &[String], probe: bool) -> Expr {
    let mut rows = Query::select();
    let owner = || Expr::col((Alias::new("client_uses"), Alias::new("client_id")));
    rows.from(Alias::new("client_uses"))
        .and_where(Expr::col((Alias::new("client_uses"), Alias::new("used"))).is_in(used.to_vec()));
    if probe {
        Expr::exists(
            rows.expr(Expr::val(1))
                .and_where(owner().eq(client_id()))
                .take(),
        )
    } else {
        client_id().in_subquery(rows.expr(owner()).take())
    }
}

/// A client's 0/1 fact column (`has_services`, `has_instances`) equal to `wanted`.
fn fact(column: &'static str, wanted: bool) -> Expr {
    Expr::col((client::Entity, Alias::new(column))).eq(i32::from(wanted))
}

/// `%term%` with LIKE's own wildcards escaped.
fn contains(term: &str) -> LikeExpr {
    let mut p = String::from("%");
    for ch in term.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    LikeExpr::new(p).escape('\\')
}

/// The name search: the folded text is a substring of the client's search key (company,
/// names, e-mail, phone; migration 000017), found through the trigram index of each engine.
/// Shorter texts have no trigram and are matched by `LIKE` over the keys. `walk`: as in
/// `condition`; the matches' ids then must not drive the query either.
fn text_matches(term: &str, backend: DatabaseBackend, walk: bool) -> Expr {
    let folded = migration::fold_search(term);
    if backend == DatabaseBackend::Sqlite && folded.chars().count() >= 3 {
        // An FTS5 phrase: `"` doubled inside quotes; the trigram tokenizer needs no other escape.
        let phrase = format!("\"{}\"", folded.replace('"', "\"\""));
        // `+id`: SQLite would otherwise look up every match by its id and sort them all
        // (356 ms for the 128k clients of `gmbh` at 1M, against 28 ms walking the sort).
        let id = if walk {
            "+\"clients\".\"id\""
        } else {
            "\"clients\".\"id\""
        };
        Expr::cust_with_values(
            format!("{id} IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)"),
            [phrase],
        )
    } else {
        Expr::col((client::Entity, client::Column::SearchKey)).like(contains(&folded))
    }
}

/// The WHERE clause of every filter and the search; `with_status` false leaves the status
/// filter out (for the header's totals per status). `found`: the clients the search text
/// found by an identifier (`client_search::lookup`), matches as well as a name.
///
/// `walk`: the page's rows are read by walking the sort's index (the matches are dense), so
/// on SQLite the plain column filters are written `+column`, which no index serves: SQLite's
/// planner would otherwise pick the filter's index and sort all its rows (230 ms for the
/// 630,000 clients of a configuration, against 5 ms walking the sort's index). On a sparse
/// filter the filter's index is the better way and stays available.
pub fn condition(
    q: &ClientQuery,
    with_status: bool,
    found: &[i32],
    backend: DatabaseBackend,
    walk: bool,
) -> Condition {
    let mut c = Condition::all();
    let unindexed = walk && backend == DatabaseBackend::Sqlite;
    let col = |c: client::Column| {
        if unindexed && !matches!(c, client::Column::Id) {
            Expr::cust(format!("+\"clients\".\"{}\"", c.as_str()))
        } else {
            Expr::col((client::Entity, c))
        }
    };

    let term = q.search.trim();
    if !term.is_empty() {
        let mut any = Condition::any().add(text_matches(term, backend, unindexed));
        if let Ok(id) = term.trim_start_matches('#').parse::<i32>() {
            any = any.add(col(client::Column::Id).eq(id));
        }
        if !found.is_empty() {
            any = any.add(col(client::Column::Id).is_in(found.to_vec()));
        }
        c = c.add(any);
    }
    // Days are UTC days; `to` includes its whole day.
    if let Some(from) = q.created_from {
        c = c.add(col(client::Column::CreatedAt).gte(from.and_time(NaiveTime::MIN).and_utc()));
    }
    // The last date chrono knows has no next day (`+ 1 day` panicked): nothing is later.
    if let Some(end) = q.created_to.and_then(|to| to.succ_opt()) {
        let end = end.and_time(NaiveTime::MIN).and_utc();
        c = c.add(col(client::Column::CreatedAt).lt(end));
    }
    if !q.configurations.is_empty() {
        c = c.add(col(client::Column::ConfigurationId).is_in(q.configurations.clone()));
    }
    if with_status && !q.statuses.is_empty() {
        c = c.add(col(client::Column::Status).is_in(q.statuses.clone()));
    }
    if let Some(b) = q.tax_exempt {
        c = c.add(col(client::Column::TaxExempt).eq(b));
    }
    for used in related(q) {
        c = c.add(uses(&used, unindexed));
    }
    if let Some(b) = q.billing_agreement {
        c = c.add(col(client::Column::BillingAgreement).eq(b));
    }
    if let Some(b) = q.has_services {
        c = c.add(fact("has_services", b));
    }
    if let Some(b) = q.has_instances {
        c = c.add(fact("has_instances", b));
    }
    c
}

/// A text column compared byte by byte on both engines. SQLite's default BINARY collation
/// already does that; PostgreSQL would use the database's collation (C.UTF-8 here, often
/// en_US in production, which orders case and accents differently), so the order would
/// depend on the server. `COLLATE "C"` makes it the same everywhere (and matches the
/// dashboard indexes of migration m20261125_000003).
pub(super) fn text(backend: DatabaseBackend, table: &str, column: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("\"{table}\".\"{column}\" COLLATE \"C\""),
        _ => format!("\"{table}\".\"{column}\""),
    }
}

/// What a term of a sort reads, so that a walk can continue after a row (`client_export`).
#[derive(Clone, Copy, Debug)]
pub(super) enum Key {
    /// Whether the client has nothing to sort by (no company, no group): two blocks, the
    /// clients that have something first.
    Flag,
    /// A column of the client row.
    Column(client::Column),
    /// The configuration's name (a join); walked one configuration at a time.
    ConfigurationName,
}

/// One ORDER BY term: its SQL, its direction and what it reads.
#[derive(Clone, Debug)]
pub(super) struct Term {
    pub sql: String,
    pub order: Order,
    pub key: Key,
}

/// The ORDER BY terms of a sort, written as the dashboard indexes are (an index serves an
/// ORDER BY only when the expressions match). The ID follows the direction: ties break by ID
/// and a descending sort is the exact reverse walk of the same index.
///
/// Clients without a company, and clients in no group, come last in both directions: they
/// have nothing to sort by. The flag that puts them last is written per direction
/// (`= ''` ascending, `<> ''` descending) so each direction has an index to walk.
pub(super) fn order_terms(sort: SortKey, dir: Dir, backend: DatabaseBackend) -> Vec<Term> {
    let d = || match dir {
        Dir::Asc => Order::Asc,
        Dir::Desc => Order::Desc,
    };
    let term = |sql: String, order: Order, key: Key| Term { sql, order, key };
    let column = |sql: String, c: client::Column| term(sql, d(), Key::Column(c));
    let flag = |sql: &str, order: Order| term(sql.to_owned(), order, Key::Flag);
    let id = column("\"clients\".\"id\"".to_owned(), client::Column::Id);
    let company = column(text(backend, "clients", "company"), client::Column::Company);
    let group = column(
        text(backend, "clients", "first_group_name"),
        client::Column::FirstGroupName,
    );
    let sqlite = backend != DatabaseBackend::Postgres;
    match (sort, dir) {
        // SQLite: the flags are columns with indexes of their own (migration 000018), the
        // same order: flag ascending, then the name and the ID in the sort's direction.
        (SortKey::Company, _) if sqlite => vec![
            flag("\"clients\".\"sort_no_company\"", Order::Asc),
            company,
            id,
        ],
        (SortKey::Group, _) if sqlite => {
            vec![flag("\"clients\".\"sort_no_group\"", Order::Asc), group, id]
        }
        (SortKey::Company, Dir::Asc) => {
            vec![
                flag("(\"clients\".\"company\" = '')", Order::Asc),
                company,
                id,
            ]
        }
        (SortKey::Company, Dir::Desc) => {
            vec![
                flag("(\"clients\".\"company\" <> '')", Order::Desc),
                company,
                id,
            ]
        }
        (SortKey::Country, _) => vec![
            column(text(backend, "clients", "country"), client::Column::Country),
            id,
        ],
        (SortKey::Created, _) => vec![
            column(
                "\"clients\".\"created_at\"".to_owned(),
                client::Column::CreatedAt,
            ),
            id,
        ],
        // Amounts compare as numbers whatever their currency (no conversion).
        (SortKey::Credit, _) => vec![
            column(
                "\"clients\".\"uptodate_credit\"".to_owned(),
                client::Column::UptodateCredit,
            ),
            id,
        ],
        (SortKey::Configuration, _) => vec![
            term(
                text(backend, "configurations", "name"),
                d(),
                Key::ConfigurationName,
            ),
            id,
        ],
        // `first_group_name` is kept by the client form: the alphabetically first group.
        (SortKey::Group, Dir::Asc) => vec![
            flag("(\"clients\".\"first_group_name\" IS NULL)", Order::Asc),
            group,
            id,
        ],
        (SortKey::Group, Dir::Desc) => vec![
            flag(
                "(\"clients\".\"first_group_name\" IS NOT NULL)",
                Order::Desc,
            ),
            group,
            id,
        ],
    }
}

/// The configurations in name order (`order`), as `order_terms` orders them: those sharing a
/// name are one step, their clients interleaved by ID as the joined sort has them.
pub(super) async fn configuration_steps(
    db: &DatabaseConnection,
    order: Order,
) -> Result<Vec<Vec<i32>>, AppError> {
    let backend = db.get_database_backend();
    let configurations: Vec<(i32, String)> = configuration::Entity::find()
        .select_only()
        .column(configuration::Column::Id)
        .column(configuration::Column::Name)
        .order_by(Expr::cust(text(backend, "configurations", "name")), order)
        .into_tuple()
        .all(db)
        .await?;
    let mut steps: Vec<Vec<i32>> = Vec::new();
    let mut last: Option<&str> = None;
    for (id, name) in &configurations {
        match steps.last_mut() {
            Some(step) if last == Some(name.as_str()) => step.push(*id),
            _ => steps.push(vec![*id]),
        }
        last = Some(name.as_str());
    }
    Ok(steps)
}

/// Adds the ORDER BY (and the join the configuration sort needs).
/// `reverse`: the exact reverse order (every term flipped), for reading a page from the end.
fn sorted(
    mut select: Select<client::Entity>,
    q: &ClientQuery,
    backend: DatabaseBackend,
    reverse: bool,
) -> Select<client::Entity> {
    if q.sort == SortKey::Configuration {
        select = select.join(
            JoinType::InnerJoin,
            client::Entity::belongs_to(configuration::Entity)
                .from(client::Column::ConfigurationId)
                .to(configuration::Column::Id)
                .into(),
        );
    }
    for Term { sql, order, .. } in order_terms(q.sort, q.dir, backend) {
        let order = match (reverse, order) {
            (true, Order::Asc) => Order::Desc,
            (true, _) => Order::Asc,
            (false, o) => o,
        };
        select = select.order_by(Expr::cust(sql), order);
    }
    select
}

/// The configuration sort over many matches, as a walk: the configurations in name order
/// (a handful), and within each its matching clients in ID order through the index on
/// `configuration_id`, so a page reads about its own rows. (Sorting by the joined name made
/// PostgreSQL sort every matching client: 0.5 s at 1M.) Configurations before the page are
/// skipped by a count bounded by the rows still to skip. `reverse`: the walk backwards, for a
/// page read from the end.
async fn by_configuration(
    db: &DatabaseConnection,
    matching: &impl Fn() -> Select<client::Entity>,
    dir: Dir,
    reverse: bool,
    mut skip: u64,
    mut take: u64,
) -> Result<Vec<client::Model>, AppError> {
    let order = if (dir == Dir::Desc) != reverse {
        Order::Desc
    } else {
        Order::Asc
    };
    let steps = configuration_steps(db, order.clone()).await?;
    let mut rows = Vec::new();
    for ids in steps {
        if take == 0 {
            break;
        }
        let in_step = || matching().filter(client::Column::ConfigurationId.is_in(ids.clone()));
        if skip > 0 {
            // How many of the rows to skip this configuration holds (at most `skip`).
            let bounded = in_step()
                .select_only()
                .column(client::Column::Id)
                .limit(skip)
                .into_query();
            let counted = Query::select()
                .expr(Expr::cust("COUNT(*)"))
                .from_subquery(bounded, Alias::new("bounded"))
                .to_owned();
            let held: i64 = db
                .query_one(&counted)
                .await?
                .map(|r| r.try_get_by_index(0))
                .transpose()?
                .unwrap_or(0);
            let held = u64::try_from(held).unwrap_or(0);
            if held < skip {
                skip -= held;
                continue;
            }
        }
        let got = in_step()
            .order_by(client::Column::Id, order.clone())
            .offset(skip)
            .limit(take)
            .all(db)
            .await?;
        skip = 0;
        take -= got.len() as u64;
        rows.extend(got);
    }
    Ok(rows)
}

/// What the counters (`row_counts`) can answer for `q`: every client; those matching any
/// combination of configurations, with(out) services or instances, tax exemption and billing
/// agreement (the clients' profiles, migration 000023, that the combination accepts); or those
/// using one group, region, flavor, hypervisor, product or service type; or those created
/// between two days (migration 000025); when no other filter is set. Every field is named, so a new filter must say here whether the counters keep it.
/// `profiles`: what `accepted_profiles` found for `q`.
fn tally(q: &ClientQuery, profiles: Option<Vec<String>>) -> Option<Tally> {
    let ClientQuery {
        search,
        created_from,
        created_to,
        // The column filters: counted by profile (`accepted_profiles`).
        configurations: _,
        statuses: _,
        tax_exempt: _,
        groups,
        regions,
        flavors,
        hypervisors,
        billing_agreement: _,
        has_services: _,
        has_instances: _,
        service_types,
        products,
        sort: _,
        dir: _,
        page: _,
        per_page: _,
        view: _,
        columns: _,
    } = q;
    if !search.trim().is_empty() {
        return None;
    }
    let dated = created_from.is_some() || created_to.is_some();
    let related_filters = [
        groups.len(),
        regions.len(),
        flavors.len(),
        hypervisors.len(),
        service_types.len(),
        products.len(),
    ];
    let mut related_set = related_filters.iter().filter(|n| **n > 0);
    match (related_set.next(), related_set.next(), profiles) {
        // Creation days alone (and the status): counted per day (000025).
        (None, _, None) if dated => {
            // Stored as `YYYY-MM-DD`, which orders as text for 4-digit years only.
            let four_digits =
                |d: &Option<NaiveDate>| d.is_none_or(|d| (0..=9999).contains(&d.year()));
            if !four_digits(created_from) || !four_digits(created_to) {
                return None;
            }
            let day = |d: &Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
            let (from, to) = (day(created_from), day(created_to));
            Some(Tally::between("clients", "created_day", from, to))
        }
        // The dates with any other filter: counted from the clients.
        _ if dated => None,
        (None, _, None) => Some(Tally::all("clients")),
        (None, _, Some(accepted)) => Some(Tally::of("clients", "profile", accepted)),
        // One value of one related filter: the clients using it, counted per status.
        (Some(1), None, None) => Some(Tally::of("client_uses", "used", related(q).concat())),
        // Several values (a client may use two), filters or a column filter besides.
        _ => None,
    }
}

/// The client profiles (000023) that `q`'s column filters accept, from the counters' list of
/// profiles in use; `None` when no column filter is set.
async fn accepted_profiles(
    db: &DatabaseConnection,
    q: &ClientQuery,
) -> Result<Option<Vec<String>>, AppError> {
    let profiled = !q.configurations.is_empty()
        || q.tax_exempt.is_some()
        || q.billing_agreement.is_some()
        || q.has_services.is_some()
        || q.has_instances.is_some();
    if !profiled {
        return Ok(None);
    }
    let all = counts::values(db, "clients", "profile").await?;
    Ok(Some(all.into_iter().filter(|p| accepts(q, p)).collect()))
}

/// Whether a client of the profile `profile` (`configuration|has services|has instances|tax
/// exempt|billing agreement`, each flag `0`/`1`: `migration::PROFILE_PARTS`) matches `q`'s
/// column filters.
fn accepts(q: &ClientQuery, profile: &str) -> bool {
    let parts: Vec<&str> = profile.split('|').collect();
    let [configuration, services, instances, exempt, agreement] = parts[..] else {
        return false;
    };
    let flag = |wanted: Option<bool>, part: &str| wanted.is_none_or(|b| (part == "1") == b);
    (q.configurations.is_empty()
        || q.configurations
            .iter()
            .any(|c| c.to_string() == configuration))
        && flag(q.has_services, services)
        && flag(q.has_instances, instances)
        && flag(q.tax_exempt, exempt)
        && flag(q.billing_agreement, agreement)
}

/// Clients per status when related-row filters are set, and besides them only column filters
/// (and the status), counted in `client_uses` alone: the range of the filter with the fewest
/// rows (by the counters), each of its clients checked against the other related filters by
/// primary key and against the column filters by its copied profile (000023). `None` when the
/// search or the dates are set (the count then reads the clients).
async fn by_uses(
    db: &DatabaseConnection,
    q: &ClientQuery,
    profiles: Option<Vec<String>>,
) -> Result<Option<std::collections::HashMap<String, u64>>, AppError> {
    let ClientQuery {
        search,
        created_from,
        created_to,
        ..
    } = q;
    let mut filters = related(q);
    if !search.trim().is_empty()
        || created_from.is_some()
        || created_to.is_some()
        || filters.is_empty()
    {
        return Ok(None);
    }
    let mut rows = Vec::with_capacity(filters.len());
    for used in &filters {
        let tally = Tally::of("client_uses", "used", used.clone());
        let n: u64 = counts::by_status(db, &tally)
            .await?
            .map_or(u64::MAX, |by| by.values().sum());
        rows.push(n);
    }
    let fewest = (0..filters.len()).min_by_key(|i| rows[*i]).unwrap_or(0);
    let driving = filters.swap_remove(fewest);

    let u = Alias::new("u");
    let col = |t: &Alias, c: &str| Expr::col((t.clone(), Alias::new(c)));
    // One row per client and key: a client using two of the driving keys is counted once.
    let counted = if driving.len() == 1 {
        "COUNT(*)"
    } else {
        "COUNT(DISTINCT u.client_id)"
    };
    let mut count = Query::select();
    count
        .column((u.clone(), Alias::new("status")))
        .expr_as(Expr::cust(counted), Alias::new("n"))
        .from_as(Alias::new("client_uses"), u.clone())
        .and_where(col(&u, "used").is_in(driving))
        .group_by_col((u.clone(), Alias::new("status")));
    if let Some(profiles) = profiles {
        count.and_where(col(&u, "profile").is_in(profiles));
    }
    for (i, used) in filters.into_iter().enumerate() {
        let v = Alias::new(format!("v{i}"));
        count.and_where(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from_as(Alias::new("client_uses"), v.clone())
                .and_where(col(&v, "client_id").eq(col(&u, "client_id")))
                .and_where(col(&v, "used").is_in(used))
                .take(),
        ));
    }
    let mut by = std::collections::HashMap::new();
    for row in db.query_all(&count).await? {
        let status: String = row.try_get("", "status")?;
        let n: i64 = row.try_get("", "n")?;
        by.insert(status, u64::try_from(n).unwrap_or(0));
    }
    Ok(Some(by))
}

/// The clients of the chosen statuses (all when none is chosen): the status filter is the one
/// filter the per-status totals leave out.
fn selected(totals: &[(ClientStatus, u64)], statuses: &[ClientStatus]) -> u64 {
    totals
        .iter()
        .filter(|(s, _)| statuses.is_empty() || statuses.contains(s))
        .map(|(_, n)| n)
        .sum()
}

/// What every reading of a query starts from: the clients the search found by an identifier,
/// the number of matches and the totals per status, and whether the matches are dense.
pub(super) struct Plan {
    /// The search's identifier matches, with what matched.
    pub found: Vec<(i32, model::client_search::Matched)>,
    pub found_ids: Vec<i32>,
    pub total: u64,
    pub status_totals: Vec<(ClientStatus, u64)>,
    /// At least 1 % of all clients match, so the rows of a page are near in the sort's order
    /// and are read by walking its index (see `condition`).
    pub walk: bool,
}

impl Plan {
    pub async fn of(db: &DatabaseConnection, q: &ClientQuery) -> Result<Plan, AppError> {
        let backend = db.get_database_backend();
        let found = client_search::lookup(db, &q.search).await?;
        let found_ids: Vec<i32> = found.iter().map(|(id, _)| *id).collect();

        // The counters answer the total and the totals per status, unless a filter they do
        // not keep is set.
        // Read once: the counters and the count in `client_uses` both filter by profile.
        let profiles = accepted_profiles(db, q).await?;
        // Whether a count reads no column of the clients but their id and status.
        let narrow = profiles.is_none() && q.created_from.is_none() && q.created_to.is_none();
        let tally = tally(q, profiles.clone());
        // Every client: the per-status totals are already that when no counted filter is set.
        let unfiltered = tally.as_ref().is_some_and(|t| t.dim.is_none());
        let kept = match &tally {
            Some(t) => counts::by_status(db, t).await?,
            None => by_uses(db, q, profiles).await?,
        };
        let (total, status_totals): (u64, Vec<(ClientStatus, u64)>) = match kept {
            Some(by) => {
                let totals: Vec<(ClientStatus, u64)> = ClientStatus::ALL
                    .iter()
                    .map(|s| (*s, by.get(s.as_str()).copied().unwrap_or(0)))
                    .collect();
                (selected(&totals, &q.statuses), totals)
            }
            None => {
                // SQLite groups by `+status`, which no index can deliver in order: it would
                // otherwise walk the status index over every client and look each one up
                // (1.3 s for a year of created dates at 1M) instead of reading the filter's
                // range (`(created_at, status)`, 000024) and grouping what it found.
                let status = match backend {
                    DatabaseBackend::Sqlite => Expr::cust("+\"clients\".\"status\""),
                    _ => Expr::col((client::Entity, client::Column::Status)),
                };
                let count = client::Entity::find()
                    .select_only()
                    .column_as(status.clone(), "status")
                    // `COUNT(*)`: PostgreSQL counts a date range from the index on
                    // `(created_at, status)` alone; `COUNT(id)` would read every row.
                    .column_as(Expr::cust("COUNT(*)"), "n")
                    .filter(condition(q, false, &found_ids, backend, false))
                    .group_by(status);
                let mut count = count.build(backend);
                if backend == DatabaseBackend::Sqlite && narrow {
                    // The search's matches (and related filters) need only each client's id
                    // and status: read from the small `(id, status)` index (000026) rather
                    // than the rows. sea-query writes no `INDEXED BY`: added to its FROM.
                    count.sql = count.sql.replacen(
                        "FROM \"clients\"",
                        &format!(
                            "FROM \"clients\" INDEXED BY \"{}\"",
                            migration::SQLITE_SEARCH_COUNT_INDEX
                        ),
                        1,
                    );
                }
                let mut counted: Vec<(ClientStatus, i64)> = Vec::new();
                for row in db.query_all_raw(count).await? {
                    counted.push((row.try_get("", "status")?, row.try_get("", "n")?));
                }
                let totals: Vec<(ClientStatus, u64)> = ClientStatus::ALL
                    .iter()
                    .map(|s| {
                        let n = counted.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n);
                        (*s, u64::try_from(n).unwrap_or(0))
                    })
                    .collect();
                (selected(&totals, &q.statuses), totals)
            }
        };
        let all: u64 = if unfiltered {
            status_totals.iter().map(|(_, n)| n).sum()
        } else {
            counts::by_status(db, &Tally::all("clients"))
                .await?
                .map_or(0, |by| by.values().sum())
        };
        Ok(Plan {
            found,
            found_ids,
            total,
            status_totals,
            walk: total.saturating_mul(100) >= all,
        })
    }

    /// The matching clients, unsorted.
    pub fn matching(&self, q: &ClientQuery, backend: DatabaseBackend) -> Select<client::Entity> {
        client::Entity::find().filter(condition(q, true, &self.found_ids, backend, self.walk))
    }
}

/// One page of matching clients with the total and the header's counts.
pub async fn page(db: &DatabaseConnection, q: &ClientQuery) -> Result<ClientPage, AppError> {
    let backend = db.get_database_backend();
    let per_page = q.per_page.clamp(1, MAX_PER_PAGE);
    let plan = Plan::of(db, q).await?;
    let (total, walk) = (plan.total, plan.walk);
    // A page past the middle is read from the other end (the sort reversed), so the rows
    // skipped are at most half of the matches: the last page costs what the first does.
    let offset = model::paging::offset(q.page, per_page);
    let matching = || plan.matching(q, backend);
    let rows = if offset >= total {
        Vec::new()
    } else {
        let (skip, take, reverse) = if offset > total / 2 {
            let take = std::cmp::min(per_page, total - offset);
            (total - offset - take, take, true)
        } else {
            (offset, per_page, false)
        };
        let mut rows = if walk && q.sort == SortKey::Configuration {
            by_configuration(db, &matching, q.dir, reverse, skip, take).await?
        } else {
            sorted(matching(), q, backend, reverse)
                .offset(skip)
                .limit(take)
                .all(db)
                .await?
        };
        if reverse {
            rows.reverse();
        }
        rows
    };

    let licence_count = licence::used_counted(db).await?;
    let licence_limit = licence::limit(db).await?;

    let mut clients = summaries(db, rows).await?;
    for c in &mut clients {
        c.matched = plan
            .found
            .iter()
            .find(|(id, _)| *id == c.id)
            .map(|(_, m)| m.clone());
    }

    Ok(ClientPage {
        clients,
        total,
        status_totals: plan.status_totals,
        licence_count,
        licence_limit,
    })
}
