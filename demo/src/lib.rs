//! Demo data: a realistic, deterministic back office (catalogue, clients and everything they
//! own) generated from a seed and an anchor date, fast enough for millions of clients.
//!
//! Rows are generated in chunks on a blocking thread while the previous chunk is written with
//! multi-row INSERTs, one transaction per chunk. Primary keys are assigned here (the tables
//! are known to be empty of clients), which lets related rows refer to each other without
//! reading anything back; PostgreSQL's sequences are moved past them at the end.

mod bulk;
mod catalog;
mod clients;
mod random;
mod words;

use chrono::{NaiveDate, NaiveTime};
use domain::entities::{
    client, client_group, client_group_member, client_user, configuration, domain_name, flavor,
    hypervisor, image, instance, invoice, invoice_item, journal_entry, network, port, pricing_plan,
    product, product_cycle, product_tld, project, region, router, service, ssh_key, ticket,
    ticket_message, user, volume,
};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QuerySelect,
    TransactionTrait,
};
use std::collections::HashSet;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedOptions {
    pub clients: u32,
    pub seed: u64,
    /// "Today" for the generated data: every date is relative to it.
    pub anchor: NaiveDate,
}

impl SeedOptions {
    /// The data a fresh installation shows: 300 clients from seed 42.
    pub fn demo(anchor: NaiveDate) -> Self {
        SeedOptions {
            clients: 300,
            seed: 42,
            anchor,
        }
    }
}

/// How many rows were written.
#[derive(Debug, Default, Clone)]
pub struct SeedReport {
    pub clients: u64,
    pub services: u64,
    pub projects: u64,
    pub instances: u64,
    pub invoices: u64,
    pub journal_entries: u64,
    pub domains: u64,
    pub tickets: u64,
    /// Every row written, catalogue and users included.
    pub rows: u64,
}

/// Clients per chunk: one transaction, and the unit of progress.
const CHUNK: u64 = 2_000;

/// True when there are no clients and no configurations (users alone, e.g. staff, are fine).
pub async fn is_empty(db: &DatabaseConnection) -> Result<bool, DbErr> {
    let any_client = client::Entity::find()
        .select_only()
        .column(client::Column::Id)
        .into_tuple::<i32>()
        .one(db)
        .await?;
    let any_configuration = configuration::Entity::find()
        .select_only()
        .column(configuration::Column::Id)
        .into_tuple::<i32>()
        .one(db)
        .await?;
    Ok(any_client.is_none() && any_configuration.is_none())
}

/// Seeds the demo data set when the database is empty; `None` when it was not.
pub async fn seed_demo_if_empty(
    db: &DatabaseConnection,
    anchor: NaiveDate,
) -> Result<Option<SeedReport>, DbErr> {
    if !is_empty(db).await? {
        return Ok(None);
    }
    seed(db, &SeedOptions::demo(anchor), &mut |_, _| {})
        .await
        .map(Some)
}

/// Generates `opts.clients` clients (and the catalogue) into an empty database, calling
/// `progress(done_clients, total)` after each committed chunk.
pub async fn seed(
    db: &DatabaseConnection,
    opts: &SeedOptions,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<SeedReport, DbErr> {
    if !is_empty(db).await? {
        return Err(DbErr::Custom(
            "refusing to seed demo data: the database already has clients or configurations"
                .to_owned(),
        ));
    }
    let mut ids = Ids::load(db).await?;
    // Staff accounts may already exist; generated e-mails must not collide with them.
    let taken_emails: HashSet<String> = user::Entity::find()
        .select_only()
        .column(user::Column::Email)
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    let now = opts.anchor.and_time(NaiveTime::MIN).and_utc();
    let mut rng = fastrand::Rng::with_seed(opts.seed);
    let mut writer = bulk::Writer::new(db.get_database_backend());
    let mut report = SeedReport::default();

    let mut catalog_rows = Batch::default();
    let mut catalog = catalog::build(&mut rng, now, &mut ids, &mut catalog_rows);
    catalog.taxes = domain::services::tax::TaxTable::load(db).await?;
    // Written with the first chunk: a failure then leaves the database empty, not half-seeded
    // with a catalogue that would make it look taken.
    let mut first = Some(catalog_rows);

    let total = u64::from(opts.clients);
    let generator = clients::Generator::new(rng, catalog, ids, now, total, taken_emails);
    progress(0, total);

    // Generate chunk n+1 on another thread while chunk n is being written.
    let spawn = |mut g: clients::Generator, n: u64| {
        tokio::task::spawn_blocking(move || {
            let batch = g.chunk(n);
            (g, batch)
        })
    };
    // Counters, client facts, search index and sort flags are computed once at the end
    // instead of by triggers per row; also when writing fails, so they match what was written.
    let upkeep = migration::upkeep::suspend(db).await?;
    let written = async {
        let mut pending = (total > 0).then(|| spawn(generator, CHUNK.min(total)));
        let mut done = 0;
        while let Some(handle) = pending.take() {
            let (generator, batch) = handle
                .await
                .map_err(|e| DbErr::Custom(format!("demo data generator failed: {e}")))?;
            done += batch.clients.len() as u64;
            if done < total {
                pending = Some(spawn(generator, CHUNK.min(total - done)));
            }
            let batches: Vec<Batch> = first.take().into_iter().chain([batch]).collect();
            write(db, &mut writer, batches, &mut report).await?;
            progress(done, total);
        }
        if let Some(catalog_rows) = first {
            write(db, &mut writer, vec![catalog_rows], &mut report).await?;
        }
        Ok::<(), DbErr>(())
    }
    .await;
    migration::upkeep::resume(db, upkeep).await?;
    written?;

    for table in ID_TABLES {
        bulk::reset_sequence(db, table).await?;
    }
    // Fresh statistics, so the planner knows the tables it has just seen filled; after a bulk
    // load PostgreSQL also needs its visibility map set (VACUUM) before an index-only scan
    // can skip the table, which autovacuum would only do some time later.
    let bulk = opts.clients >= 10_000 && db.get_database_backend() == DbBackend::Postgres;
    db.execute_unprepared(if bulk { "VACUUM (ANALYZE)" } else { "ANALYZE" })
        .await?;
    Ok(report)
}

/// A monotonic id counter for one table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Seq(i32);

impl Seq {
    pub fn take(&mut self) -> i32 {
        let id = self.0;
        self.0 += 1;
        id
    }
}

/// Declares, for every table with an `id`: the `Batch` field holding its new rows, the `Ids`
/// counter, and the insertion order (parents before children).
macro_rules! tables {
    ($($field:ident: $entity:ident),+ $(,)?) => {
        /// Rows to insert, one vector per table.
        #[derive(Default)]
        pub(crate) struct Batch {
            $(pub $field: Vec<$entity::Model>,)+
            pub client_group_members: Vec<client_group_member::Model>,
            pub product_tlds: Vec<product_tld::Model>,
        }

        /// The next id for every table.
        pub(crate) struct Ids {
            $(pub $entity: Seq,)+
        }

        impl Ids {
            async fn load<C: ConnectionTrait>(db: &C) -> Result<Ids, DbErr> {
                Ok(Ids {
                    $($entity: Seq(bulk::max_id(db, stringify!($field)).await? + 1),)+
                })
            }
        }

        const ID_TABLES: &[&str] = &[$(stringify!($field)),+];

        async fn write_rows<C: ConnectionTrait>(
            db: &C,
            w: &mut bulk::Writer,
            b: &Batch,
        ) -> Result<u64, DbErr> {
            let mut rows = 0;
            $(rows += w.insert(db, &b.$field).await?;)+
            rows += w.insert(db, &b.client_group_members).await?;
            rows += w.insert(db, &b.product_tlds).await?;
            Ok(rows)
        }
    };
}

tables! {
    configurations: configuration,
    client_groups: client_group,
    products: product,
    product_cycles: product_cycle,
    pricing_plans: pricing_plan,
    regions: region,
    flavors: flavor,
    hypervisors: hypervisor,
    users: user,
    clients: client,
    client_users: client_user,
    services: service,
    projects: project,
    instances: instance,
    volumes: volume,
    networks: network,
    routers: router,
    ssh_keys: ssh_key,
    images: image,
    ports: port,
    invoices: invoice,
    invoice_items: invoice_item,
    journal_entries: journal_entry,
    domains: domain_name,
    tickets: ticket,
    ticket_messages: ticket_message,
}

/// Writes the batches in one transaction and counts them into `report`.
async fn write(
    db: &DatabaseConnection,
    w: &mut bulk::Writer,
    batches: Vec<Batch>,
    report: &mut SeedReport,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let mut rows = 0;
    for b in &batches {
        rows += write_rows(&txn, w, b).await?;
        // Clients generated part-way through a suspension or deletion get the job that
        // finishes it, like a staff action would have enqueued (the rule is in `jobs`).
        for c in &b.clients {
            if let Some(kind) = domain::jobs::for_status(c.status) {
                domain::jobs::enqueue(&txn, kind, c.id, chrono::Utc::now()).await?;
                rows += 1;
            }
        }
    }
    txn.commit().await?;
    report.rows += rows;
    for b in &batches {
        report.count(b);
    }
    Ok(())
}

impl SeedReport {
    fn count(&mut self, b: &Batch) {
        self.clients += b.clients.len() as u64;
        self.services += b.services.len() as u64;
        self.projects += b.projects.len() as u64;
        self.instances += b.instances.len() as u64;
        self.invoices += b.invoices.len() as u64;
        self.journal_entries += b.journal_entries.len() as u64;
        self.domains += b.domains.len() as u64;
        self.tickets += b.tickets.len() as u64;
    }
}
