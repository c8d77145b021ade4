//! The demo data generator: what the product needs to find in the 300-client demo, checked
//! by queries on SQLite and PostgreSQL, plus determinism and refusal on non-empty databases.

use chrono::NaiveDate;
use demo::{self, SeedOptions, SeedReport};
use domain::entities::{
    client, client_group, client_group_member, configuration, domain_name, flavor, hypervisor,
    invoice, invoice_item, journal_entry, product, project, region, service, ticket,
    ticket_message, user,
};
use model::{
    ClientStatus, DomainStatus, InvoiceStatus, JournalAccount, ProductType, ServiceStatus,
    TicketDepartment, TicketPriority, TicketStatus,
};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement, TryGetable,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Debug;
use test_support::{Engine, TestDb};

fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

async fn seed_demo(db: &DatabaseConnection) -> SeedReport {
    let mut calls = Vec::new();
    let report = demo::seed(db, &SeedOptions::demo(anchor()), &mut |done, total| {
        calls.push((done, total))
    })
    .await
    .expect("seed the demo");
    assert_eq!(calls.first(), Some(&(0, 300)));
    assert_eq!(calls.last(), Some(&(300, 300)));
    report
}

/// `SELECT COUNT(*) ...` (or any single integer).
async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .expect("one row");
    row.try_get_by_index::<i64>(0).unwrap()
}

async fn distinct<E, T>(db: &DatabaseConnection, col: E::Column) -> BTreeSet<T>
where
    E: EntityTrait,
    T: TryGetable + Ord,
{
    E::find()
        .select_only()
        .column(col)
        .distinct()
        .into_tuple::<T>()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

fn all<T: Copy + Ord + Debug>(present: &BTreeSet<T>, every: &[T], what: &str) {
    let missing: Vec<_> = every.iter().filter(|v| !present.contains(v)).collect();
    assert!(missing.is_empty(), "{what} missing: {missing:?}");
}

fn half_up(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

test_support::db_test!(demo_covers_what_the_clients_area_shows, |db| {
    assert!(demo::is_empty(db).await.unwrap());
    let report = seed_demo(db).await;
    assert!(!demo::is_empty(db).await.unwrap());

    // The report matches the tables.
    assert_eq!(report.clients, 300);
    assert_eq!(
        report.clients,
        count(db, "SELECT COUNT(*) FROM clients").await as u64
    );
    assert_eq!(
        report.services,
        count(db, "SELECT COUNT(*) FROM services").await as u64
    );
    assert_eq!(
        report.projects,
        count(db, "SELECT COUNT(*) FROM projects").await as u64
    );
    assert_eq!(
        report.instances,
        count(db, "SELECT COUNT(*) FROM instances").await as u64
    );
    assert_eq!(
        report.invoices,
        count(db, "SELECT COUNT(*) FROM invoices").await as u64
    );
    assert_eq!(
        report.domains,
        count(db, "SELECT COUNT(*) FROM domains").await as u64
    );
    assert_eq!(
        report.tickets,
        count(db, "SELECT COUNT(*) FROM tickets").await as u64
    );
    assert_eq!(
        report.journal_entries,
        count(db, "SELECT COUNT(*) FROM journal_entries").await as u64
    );
    let per_client = report.rows as f64 / 300.0;
    assert!(
        (8.0..=20.0).contains(&per_client),
        "{per_client} rows per client"
    );

    // Catalogue.
    assert_eq!(
        configuration::Entity::find()
            .filter(configuration::Column::IsDefault.eq(true))
            .count(db)
            .await
            .unwrap(),
        1
    );
    assert!(count(db, "SELECT COUNT(*) FROM configurations").await >= 4);
    assert!(count(db, "SELECT COUNT(*) FROM client_groups").await >= 6);
    assert!(count(db, "SELECT COUNT(*) FROM regions").await >= 3);
    assert!(count(db, "SELECT COUNT(*) FROM flavors").await >= 6);
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM pricing_plans").await,
        3,
        "three pricing plans"
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM pricing_plans WHERE is_default = TRUE"
        )
        .await,
        1
    );
    let per_region = count(
        db,
        "SELECT COUNT(*) FROM regions r WHERE \
         (SELECT COUNT(*) FROM hypervisors h WHERE h.region_id = r.id) NOT BETWEEN 2 AND 3",
    )
    .await;
    assert_eq!(per_region, 0, "2-3 hypervisors per region");
    let cycles: BTreeSet<String> = distinct::<domain::entities::product_cycle::Entity, String>(
        db,
        domain::entities::product_cycle::Column::Cycle,
    )
    .await;
    assert!(cycles.contains("monthly") && cycles.contains("annually"));

    // Everything in the catalogue is used.
    let used = |sql: &'static str, table: &'static str| async move {
        let total = count(db, &format!("SELECT COUNT(*) FROM {table}")).await;
        assert_eq!(count(db, sql).await, total, "every row of {table} used");
    };
    used(
        "SELECT COUNT(DISTINCT configuration_id) FROM clients",
        "configurations",
    )
    .await;
    used(
        "SELECT COUNT(DISTINCT group_id) FROM client_group_members",
        "client_groups",
    )
    .await;
    used("SELECT COUNT(DISTINCT region_id) FROM instances", "regions").await;
    used("SELECT COUNT(DISTINCT flavor_id) FROM instances", "flavors").await;
    used(
        "SELECT COUNT(DISTINCT hypervisor_id) FROM instances",
        "hypervisors",
    )
    .await;
    used(
        "SELECT COUNT(DISTINCT product_id) FROM services",
        "products",
    )
    .await;
    let types: BTreeSet<ProductType> = product::Entity::find()
        .filter(
            product::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(service::Column::ProductId)
                    .from(service::Entity)
                    .to_owned(),
            ),
        )
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.product_type)
        .collect();
    all(&types, ProductType::ALL, "product types in use");

    // Every status, and clients on both sides of every dashboard filter.
    let statuses = distinct::<client::Entity, ClientStatus>(db, client::Column::Status).await;
    all(&statuses, ClientStatus::ALL, "client statuses");
    let some_and_not = |sql: &'static str| async move {
        let n = count(db, &format!("SELECT COUNT(*) FROM clients WHERE {sql}")).await;
        assert!(n > 0 && n < 300, "{sql}: {n} of 300");
    };
    some_and_not("id IN (SELECT client_id FROM services)").await;
    some_and_not(
        "id IN (SELECT p.client_id FROM projects p JOIN instances i ON i.project_id = p.id)",
    )
    .await;
    some_and_not("billing_agreement = TRUE").await;
    some_and_not("tax_exempt = TRUE").await;
    some_and_not("first_group_name IS NOT NULL").await;
    some_and_not("vat_id IS NOT NULL").await;
    some_and_not("company = ''").await;
    some_and_not("id IN (SELECT client_id FROM domains)").await;
    some_and_not("id IN (SELECT client_id FROM tickets)").await;
    some_and_not("id IN (SELECT client_id FROM invoices)").await;
    all(
        &distinct::<service::Entity, ServiceStatus>(db, service::Column::Status).await,
        ServiceStatus::ALL,
        "service statuses",
    );
    all(
        &distinct::<invoice::Entity, InvoiceStatus>(db, invoice::Column::Status).await,
        InvoiceStatus::ALL,
        "invoice statuses",
    );
    all(
        &distinct::<domain_name::Entity, DomainStatus>(db, domain_name::Column::Status).await,
        DomainStatus::ALL,
        "domain statuses",
    );
    all(
        &distinct::<ticket::Entity, TicketStatus>(db, ticket::Column::Status).await,
        TicketStatus::ALL,
        "ticket statuses",
    );
    all(
        &distinct::<ticket::Entity, TicketDepartment>(db, ticket::Column::Department).await,
        TicketDepartment::ALL,
        "ticket departments",
    );
    all(
        &distinct::<ticket::Entity, TicketPriority>(db, ticket::Column::Priority).await,
        TicketPriority::ALL,
        "ticket priorities",
    );
    let unpaid = invoice::Entity::find().filter(invoice::Column::Status.eq(InvoiceStatus::Unpaid));
    let overdue = unpaid
        .clone()
        .filter(invoice::Column::DueDate.lt(anchor()))
        .count(db)
        .await
        .unwrap();
    let not_yet_due = unpaid
        .filter(invoice::Column::DueDate.gte(anchor()))
        .count(db)
        .await
        .unwrap();
    assert!(
        overdue > 0 && not_yet_due > 0,
        "overdue {overdue}, not yet due {not_yet_due}"
    );

    // Cloud resources of every kind.
    for table in [
        "volumes", "networks", "routers", "ssh_keys", "images", "ports",
    ] {
        assert!(
            count(db, &format!("SELECT COUNT(*) FROM {table}")).await > 0,
            "{table}"
        );
    }
    assert!(
        count(
            db,
            "SELECT COUNT(*) FROM ports WHERE instance_id IS NOT NULL"
        )
        .await
            > 0
    );
    assert!(count(db, "SELECT COUNT(*) FROM ports WHERE instance_id IS NULL").await > 0);
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM ports WHERE network_id IS NULL").await,
        0
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM instances i JOIN hypervisors h ON h.id = i.hypervisor_id \
             WHERE h.region_id <> i.region_id"
        )
        .await,
        0,
        "hypervisors are in their instance's region"
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM ports p JOIN instances i ON i.id = p.instance_id \
             WHERE i.project_id <> p.project_id"
        )
        .await,
        0
    );

    // Projects: one per OpenStack service at most, linked, with Keystone-style ids.
    let projects = project::Entity::find().all(db).await.unwrap();
    let hex32 = |s: &str| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let mut seen = HashSet::new();
    for p in &projects {
        assert!(
            hex32(&p.openstack_id) && hex32(&p.project_domain_id),
            "{p:?}"
        );
        assert!(seen.insert(p.client_id), "one project per client");
        let s = service::Entity::find_by_id(p.service_id.expect("service_id"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.client_id, p.client_id);
        assert!(s.pricing_plan_id.is_some());
    }
    let os_clients = count(
        db,
        "SELECT COUNT(DISTINCT s.client_id) FROM services s JOIN products p ON p.id = s.product_id \
         WHERE p.product_type = 'openstack'",
    )
    .await;
    assert!(
        projects.len() as i64 * 2 > os_clients,
        "most OpenStack clients have a project"
    );

    // Status rules (model/status.rs).
    let bad = |sql: &'static str| async move {
        assert_eq!(count(db, sql).await, 0, "{sql}");
    };
    bad(
        "SELECT COUNT(*) FROM clients c WHERE c.status = 'active' AND NOT EXISTS \
         (SELECT 1 FROM services s WHERE s.client_id = c.id AND s.status = 'active')",
    )
    .await;
    bad(
        "SELECT COUNT(*) FROM clients c WHERE c.status = 'inactive' AND EXISTS \
         (SELECT 1 FROM services s WHERE s.client_id = c.id AND s.status = 'active')",
    )
    .await;
    bad(
        "SELECT COUNT(*) FROM clients c WHERE c.status = 'suspending' AND NOT (\
         EXISTS (SELECT 1 FROM services s WHERE s.client_id = c.id AND s.status = 'active') AND \
         EXISTS (SELECT 1 FROM services s WHERE s.client_id = c.id AND s.status = 'suspended'))",
    )
    .await;
    bad("SELECT COUNT(*) FROM clients c WHERE c.status = 'suspended' AND (suspension_reason IS NULL \
         OR EXISTS (SELECT 1 FROM services s WHERE s.client_id = c.id AND s.status = 'active') \
         OR EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id AND p.disabled = FALSE))")
    .await;
    bad(
        "SELECT COUNT(*) FROM clients WHERE status IN ('active', 'inactive', 'deleting') \
         AND suspension_reason IS NOT NULL",
    )
    .await;
    // Only services stopped by their client's suspension are flagged (resume restarts them).
    bad(
        "SELECT COUNT(*) FROM services s JOIN clients c ON c.id = s.client_id \
         WHERE s.suspended_with_client = TRUE \
         AND (s.status <> 'suspended' OR c.status NOT IN ('suspended', 'suspending'))",
    )
    .await;
    bad(
        "SELECT COUNT(*) FROM clients c WHERE c.status = 'suspended' AND NOT EXISTS \
         (SELECT 1 FROM services s WHERE s.client_id = c.id AND s.suspended_with_client = TRUE)",
    )
    .await;
    assert!(
        count(
            db,
            "SELECT COUNT(*) FROM services WHERE status = 'suspended' \
                   AND suspended_with_client = FALSE"
        )
        .await
            > 0,
        "services suspended on their own"
    );
    bad("SELECT COUNT(*) FROM services WHERE (status = 'terminated') <> (terminated_at IS NOT NULL)")
        .await;
    assert!(
        count(
            db,
            "SELECT COUNT(*) FROM clients c WHERE c.status = 'inactive' AND NOT EXISTS \
                   (SELECT 1 FROM services s WHERE s.client_id = c.id)"
        )
        .await
            > 0,
        "inactive clients without any service"
    );

    // first_group_name is the smallest group name.
    let names: HashMap<i32, String> = client_group::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let mut first: HashMap<i32, String> = HashMap::new();
    for m in client_group_member::Entity::find().all(db).await.unwrap() {
        let name = names[&m.group_id].clone();
        let e = first.entry(m.client_id).or_insert_with(|| name.clone());
        if name < *e {
            *e = name;
        }
    }
    let clients = client::Entity::find().all(db).await.unwrap();
    for c in &clients {
        assert_eq!(
            c.first_group_name,
            first.get(&c.id).cloned(),
            "client {}",
            c.id
        );
    }

    // Credit: up-to-date credit never exceeds the balance; out of credit iff negative.
    let mut out_of_credit = 0;
    for c in &clients {
        assert!(c.uptodate_credit <= c.credit_balance, "client {}", c.id);
        let negative = c.uptodate_credit.get() < Decimal::ZERO;
        assert_eq!(negative, c.out_of_credit_since.is_some(), "client {}", c.id);
        if let Some(since) = c.out_of_credit_since {
            assert!(since.date_naive() < anchor() && since >= c.created_at);
            out_of_credit += 1;
        }
        assert!(c.created_at.date_naive() < anchor());
        assert!(c.created_at.date_naive() > anchor() - chrono::Duration::days(3 * 365 + 1));
        assert!(c.email.contains('@') && !c.phone.is_empty() && !c.zip_code.is_empty());
    }
    assert!(out_of_credit > 0 && out_of_credit < 300);
    let spread = clients.iter().map(|c| c.created_at).max().unwrap()
        - clients.iter().map(|c| c.created_at).min().unwrap();
    assert!(spread.num_days() > 2 * 365, "created_at spread {spread}");
    let countries: BTreeSet<&str> = clients.iter().map(|c| c.country.as_str()).collect();
    assert!(countries.len() >= 8, "{countries:?}");
    let currencies: BTreeSet<&str> = clients.iter().map(|c| c.currency.as_str()).collect();
    assert!(currencies.len() >= 4, "{currencies:?}");

    // Invoices add up (tax rounded half up to cents, none when tax exempt).
    let exempt: HashMap<i32, bool> = clients.iter().map(|c| (c.id, c.tax_exempt)).collect();
    let mut items: HashMap<i32, Vec<invoice_item::Model>> = HashMap::new();
    for it in invoice_item::Entity::find().all(db).await.unwrap() {
        items.entry(it.invoice_id).or_default().push(it);
    }
    let invoices = invoice::Entity::find().all(db).await.unwrap();
    for inv in &invoices {
        let lines = items.get(&inv.id).expect("invoice has items");
        let mut subtotal = Decimal::ZERO;
        for it in lines {
            assert_eq!(
                it.quantity.get() * it.unit_price.get(),
                it.amount.get(),
                "{it:?}"
            );
            subtotal += it.amount.get();
        }
        assert_eq!(inv.subtotal.get(), subtotal, "{}", inv.number);
        let tax = half_up(subtotal * inv.tax_rate.get() / Decimal::ONE_HUNDRED);
        assert_eq!(inv.tax_total.get(), tax, "{}", inv.number);
        if exempt[&inv.client_id.unwrap()] {
            assert_eq!(inv.tax_total.get(), Decimal::ZERO);
        }
        assert_eq!(inv.total.get(), subtotal + tax, "{}", inv.number);
        assert!(inv.issue_date < anchor() && inv.due_date > inv.issue_date);
        let paid = matches!(inv.status, InvoiceStatus::Paid | InvoiceStatus::Refunded);
        assert_eq!(paid, inv.paid_at.is_some(), "{}", inv.number);
        let n = &inv.number;
        assert!(
            n.len() >= 15 && n.starts_with("INV-20") && n[8..9] == *"-",
            "{n}"
        );
    }
    assert!(
        invoices.iter().any(|i| i.tax_total.get() > Decimal::ZERO)
            && invoices.iter().any(|i| i.tax_total.get().is_zero())
    );

    // Journal: payments and refunds match their invoices; every kind of movement occurs.
    let journal = journal_entry::Entity::find().all(db).await.unwrap();
    let kinds: BTreeSet<(JournalAccount, JournalAccount)> =
        journal.iter().map(|j| (j.source, j.destination)).collect();
    use JournalAccount::*;
    for kind in [
        (Gateway, Invoice),
        (Gateway, Credit),
        (Credit, Invoice),
        (Staff, Credit),
        (Invoice, Gateway),
    ] {
        assert!(kinds.contains(&kind), "journal {kind:?}");
    }
    let by_id: HashMap<i32, &invoice::Model> = invoices.iter().map(|i| (i.id, i)).collect();
    for j in &journal {
        assert!(j.amount.get() > Decimal::ZERO, "{j:?}");
        assert!(j.entry_date.date_naive() < anchor(), "{j:?}");
        if let Some(inv) = j.invoice_id.map(|id| by_id[&id]) {
            assert_eq!(j.amount, inv.total);
            assert_eq!(j.currency, inv.currency);
            assert_eq!(j.client_id, inv.client_id);
        }
    }
    for inv in &invoices {
        let entries: Vec<_> = journal
            .iter()
            .filter(|j| j.invoice_id == Some(inv.id))
            .collect();
        let payments = entries.iter().filter(|j| j.destination == Invoice).count();
        let refunds = entries.iter().filter(|j| j.source == Invoice).count();
        match inv.status {
            InvoiceStatus::Paid => assert_eq!((payments, refunds), (1, 0), "{}", inv.number),
            InvoiceStatus::Refunded => assert_eq!((payments, refunds), (1, 1), "{}", inv.number),
            _ => assert!(entries.is_empty(), "{}", inv.number),
        }
    }
    // The balance is what went into credit minus what was paid from it.
    let mut flows: HashMap<i32, Decimal> = HashMap::new();
    for j in &journal {
        let delta = match (j.source, j.destination) {
            (_, Credit) => j.amount.get(),
            (Credit, _) => -j.amount.get(),
            _ => Decimal::ZERO,
        };
        *flows.entry(j.client_id.unwrap()).or_default() += delta;
    }
    for c in &clients {
        let flow = flows.get(&c.id).copied().unwrap_or_default();
        assert_eq!(c.credit_balance.get(), flow, "client {}", c.id);
    }

    // Domains: some registered through a domain service, names unique.
    assert!(
        count(
            db,
            "SELECT COUNT(*) FROM domains d JOIN services s ON s.id = d.service_id \
                   JOIN products p ON p.id = s.product_id WHERE p.product_type = 'domain'"
        )
        .await
            > 0
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM domains").await,
        count(db, "SELECT COUNT(DISTINCT name) FROM domains").await
    );

    // Tickets have 1-4 messages, the first from the client.
    bad("SELECT COUNT(*) FROM tickets t WHERE \
         (SELECT COUNT(*) FROM ticket_messages m WHERE m.ticket_id = t.id) NOT BETWEEN 1 AND 4")
    .await;
    let messages = ticket_message::Entity::find()
        .order_by_asc(ticket_message::Column::Id)
        .all(db)
        .await
        .unwrap();
    let mut firsts = HashSet::new();
    for m in &messages {
        if firsts.insert(m.ticket_id) {
            assert!(!m.is_staff, "ticket {} opened by the client", m.ticket_id);
        }
    }

    // Users: end users only, owners on most clients, and some users free to associate.
    bad("SELECT COUNT(*) FROM users WHERE is_staff = TRUE OR password_hash IS NOT NULL").await;
    let owned = count(
        db,
        "SELECT COUNT(DISTINCT client_id) FROM client_users WHERE roles LIKE '%owner%'",
    )
    .await;
    assert!(owned > 240, "{owned} clients with an owner");
    assert!(
        count(
            db,
            "SELECT COUNT(*) FROM client_users WHERE roles NOT LIKE '%owner%'"
        )
        .await
            > 0
    );
    assert!(
        count(
            db,
            "SELECT COUNT(*) FROM users WHERE id NOT IN (SELECT user_id FROM client_users)"
        )
        .await
            > 0,
        "users without a client"
    );

    // Seeding again is refused; the demo hook leaves the data alone.
    let again = demo::seed(db, &SeedOptions::demo(anchor()), &mut |_, _| {}).await;
    assert!(again.is_err());
    assert!(demo::seed_demo_if_empty(db, anchor())
        .await
        .unwrap()
        .is_none());
    assert_eq!(count(db, "SELECT COUNT(*) FROM clients").await, 300);

    // Sequences continue after the explicit ids.
    let group = client_group::ActiveModel {
        name: Set("Beta testers".to_owned()),
        description: Set("Added after seeding".to_owned()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert after seeding");
    assert!(group.id > 6);
    let user = user::ActiveModel {
        email: Set("new.user@example.org".to_owned()),
        full_name: Set("New User".to_owned()),
        password_hash: Set(None),
        is_staff: Set(false),
        is_active: Set(true),
        created_at: Set(chrono::Utc::now()),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert a user after seeding");
    assert!(i64::from(user.id) > count(db, "SELECT COUNT(*) FROM users").await - 1);
});

test_support::db_test!(same_seed_same_rows, |db| {
    let engine = match db.get_database_backend() {
        DbBackend::Postgres => Engine::Postgres,
        _ => Engine::Sqlite,
    };
    let other = TestDb::new(engine).await;
    let opts = SeedOptions {
        clients: 120,
        seed: 7,
        anchor: anchor(),
    };
    demo::seed(db, &opts, &mut |_, _| {}).await.unwrap();
    demo::seed(&other.db, &opts, &mut |_, _| {}).await.unwrap();
    let clients = |db: &DatabaseConnection| {
        let db = db.clone();
        async move {
            client::Entity::find()
                .order_by_asc(client::Column::Id)
                .all(&db)
                .await
                .unwrap()
        }
    };
    let invoices = |db: &DatabaseConnection| {
        let db = db.clone();
        async move {
            invoice::Entity::find()
                .order_by_asc(invoice::Column::Id)
                .all(&db)
                .await
                .unwrap()
        }
    };
    let a = clients(db).await;
    assert_eq!(a.len(), 120);
    assert_eq!(a, clients(&other.db).await);
    assert_eq!(invoices(db).await, invoices(&other.db).await);
    other.drop_db().await;
});

test_support::db_test!(refuses_a_database_with_clients_or_configurations, |db| {
    configuration::ActiveModel {
        name: Set("Existing".to_owned()),
        description: Set(String::new()),
        is_default: Set(true),
        credit_limit: Set(Default::default()),
        auto_suspend: Set(true),
        suspend_after_days: Set(0),
        auto_terminate: Set(false),
        terminate_after_days: Set(0),
        invoice_due_days: Set(14),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    assert!(!demo::is_empty(db).await.unwrap());
    let err = demo::seed(db, &SeedOptions::demo(anchor()), &mut |_, _| {})
        .await
        .expect_err("refuses");
    assert!(err.to_string().contains("refusing"), "{err}");
    assert!(demo::seed_demo_if_empty(db, anchor())
        .await
        .unwrap()
        .is_none());
    assert_eq!(count(db, "SELECT COUNT(*) FROM clients").await, 0);
});

test_support::db_test!(staff_users_present_beforehand_are_kept, |db| {
    let staff = user::ActiveModel {
        email: Set("admin@cumulus.example".to_owned()),
        full_name: Set("Admin".to_owned()),
        password_hash: Set(Some("x".to_owned())),
        is_staff: Set(true),
        is_active: Set(true),
        created_at: Set(chrono::Utc::now()),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let report = demo::seed_demo_if_empty(db, anchor())
        .await
        .unwrap()
        .expect("seeded");
    assert_eq!(report.clients, 300);
    let kept = user::Entity::find_by_id(staff.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(kept.is_staff);
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM users WHERE is_staff = TRUE").await,
        1
    );
    let (regions, flavors, hypervisors) = (
        region::Entity::find().count(db).await.unwrap(),
        flavor::Entity::find().count(db).await.unwrap(),
        hypervisor::Entity::find().count(db).await.unwrap(),
    );
    assert!(regions >= 3 && flavors >= 6 && hypervisors >= 2 * regions);
});

/// Throughput in release mode, on SQLite unless `SEED_ENGINE=postgres`:
/// `SEED_CLIENTS=50000 cargo test --release -p app --features ssr --test demo_data -- --ignored --nocapture`
/// (`SEED_KEEP_DB=1` keeps the database for inspection.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn seed_throughput() {
    let clients: u32 = std::env::var("SEED_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let engine = match std::env::var("SEED_ENGINE").as_deref() {
        Ok("postgres") => Engine::Postgres,
        _ => Engine::Sqlite,
    };
    let t = TestDb::new(engine).await;
    let start = std::time::Instant::now();
    let opts = SeedOptions {
        clients,
        seed: 1,
        anchor: anchor(),
    };
    let report = demo::seed(&t.db, &opts, &mut |done, total| {
        if done % 50_000 == 0 || done == total {
            eprintln!("{done}/{total} clients after {:.1?}", start.elapsed());
        }
    })
    .await
    .unwrap();
    let secs = start.elapsed().as_secs_f64();
    // The SQLite file (0 on PostgreSQL).
    let size = std::fs::metadata(
        t.url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap(),
    )
    .map(|m| m.len())
    .unwrap_or(0);
    eprintln!(
        "{report:?}\n{} rows in {secs:.1}s: {:.0} rows/s, {:.0} clients/s, {:.1} rows/client, \
         {} MB; 1M clients would take ~{:.0}s",
        report.rows,
        report.rows as f64 / secs,
        f64::from(clients) / secs,
        report.rows as f64 / f64::from(clients),
        size / 1_000_000,
        secs * 1_000_000.0 / f64::from(clients),
    );
    if std::env::var_os("SEED_KEEP_DB").is_some() {
        eprintln!("kept {}", t.url);
    } else {
        t.drop_db().await;
    }
}

test_support::db_test!(zero_clients_writes_only_the_catalogue, |db| {
    let opts = SeedOptions {
        clients: 0,
        seed: 42,
        anchor: anchor(),
    };
    let report = demo::seed(db, &opts, &mut |_, _| {}).await.unwrap();
    assert_eq!(report.clients, 0);
    assert!(report.rows > 0);
    assert_eq!(count(db, "SELECT COUNT(*) FROM clients").await, 0);
    assert!(count(db, "SELECT COUNT(*) FROM products").await > 0);
    assert!(!demo::is_empty(db).await.unwrap());
});

test_support::db_test!(
    the_demo_enqueues_the_jobs_its_transitional_clients_need,
    |db| {
        use domain::entities::job;
        use domain::jobs;
        let transitional = || {
            client::Entity::find().filter(
                client::Column::Status.is_in([ClientStatus::Suspending, ClientStatus::Deleting]),
            )
        };
        demo::seed_demo_if_empty(db, anchor()).await.unwrap();
        let clients = transitional().all(db).await.unwrap();
        assert!(!clients.is_empty());
        for c in &clients {
            let js = job::Entity::find()
                .filter(job::Column::ClientId.eq(c.id))
                .all(db)
                .await
                .unwrap();
            assert_eq!(js.len(), 1, "client {}", c.id);
            assert_eq!(Some(js[0].kind), jobs::for_status(c.status));
        }
        assert_eq!(
            jobs::repair(db, chrono::Utc::now()).await.unwrap(),
            0,
            "nothing to repair"
        );
        let worker = jobs::Worker {
            db: db.clone(),
            openstack: std::sync::Arc::new(domain::openstack::LocalOpenStack::new(db.clone())),
            id: "w".into(),
            lease: chrono::Duration::seconds(60),
            wake: Default::default(),
        };
        worker.drain().await.unwrap();
        assert_eq!(
            transitional().count(db).await.unwrap(),
            0,
            "no client stays in transition"
        );
    }
);
