//! One client at a time: identity, users, services, cloud resources, billing, domains and
//! tickets, consistent with each other and with the status rules in `model::status`.

use super::catalog::{
    self, Catalog, CFG_DEFAULT, CFG_ENTERPRISE, CFG_PREPAID, CFG_RESELLER, CONFIGS, FLAVORS,
    GROUPS, GRP_EDUCATION, GRP_ENTERPRISE, GRP_NON_PROFIT, GRP_RESELLERS, PAYG_CODE, PLAN_RESELLER,
    PLAN_STANDARD, PLAN_USD,
};
use super::random::{ascii_lower, fnv1a, unique_hex32, uuid, Dice};
use super::words::{self, Country, COUNTRIES};
use super::{Batch, Ids};
use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use domain::entities::{
    client, client_group_member, client_user, domain_name, image, instance, invoice, invoice_item,
    journal_entry, network, port, project, router, service, ssh_key, ticket, ticket_message, user,
    volume,
};
use domain::money::Amount;
use fastrand::Rng;
use model::roles::Roles;
use model::{
    BillingCycle, ClientStatus, DomainStatus, InvoiceStatus, JournalAccount, ProductType, Role,
    ServiceStatus, TicketDepartment, TicketPriority, TicketStatus,
};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

const DAY: i64 = 86_400;
/// Clients were created over the three years before the anchor.
const HISTORY_SECS: i64 = 3 * 365 * DAY;

/// A client's lifecycle state; `Derived` means Active/Inactive as its services dictate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lifecycle {
    Derived,
    Suspending,
    Suspended,
    Deleting,
}

/// Lifecycle states per hundred clients, dealt from a shuffled deck so that every hundred
/// clients holds exactly these (the demo must show every status).
const DECK: &[(Lifecycle, usize)] = &[
    (Lifecycle::Deleting, 2),
    (Lifecycle::Suspended, 4),
    (Lifecycle::Suspending, 2),
];

/// Mutable generator state, kept apart from the catalogue so both can be borrowed at once.
struct State {
    rng: Rng,
    ids: Ids,
    /// How often each name base was used (keyed by a stable hash): makes slugs unique.
    bases: HashMap<u64, u32>,
    taken_emails: HashSet<String>,
    deck: Vec<Lifecycle>,
    index: u64,
}

pub(super) struct Generator {
    st: State,
    cat: Catalog,
    now: DateTime<Utc>,
    total: u64,
}

impl Generator {
    pub fn new(
        rng: Rng,
        cat: Catalog,
        ids: Ids,
        now: DateTime<Utc>,
        total: u64,
        taken_emails: HashSet<String>,
    ) -> Self {
        Generator {
            st: State {
                rng,
                ids,
                bases: HashMap::new(),
                taken_emails,
                deck: Vec::new(),
                index: 0,
            },
            cat,
            now,
            total,
        }
    }

    /// The next `n` clients with everything they own.
    pub fn chunk(&mut self, n: u64) -> Batch {
        let mut b = Batch::default();
        for _ in 0..n {
            let created = self.st.created_at(self.now, self.total);
            let lifecycle = self.st.lifecycle();
            ClientGen::new(
                &mut self.st,
                &self.cat,
                &mut b,
                self.now,
                created,
                lifecycle,
            )
            .run();
        }
        b
    }
}

impl State {
    fn lifecycle(&mut self) -> Lifecycle {
        if self.deck.is_empty() {
            let special: usize = DECK.iter().map(|d| d.1).sum();
            self.deck = vec![Lifecycle::Derived; 100 - special];
            for &(l, n) in DECK {
                self.deck.extend(std::iter::repeat_n(l, n));
            }
            self.rng.shuffle(&mut self.deck);
        }
        self.deck.pop().unwrap_or(Lifecycle::Derived)
    }

    /// Increasing with the client index, denser towards the anchor (the business grows).
    fn created_at(&mut self, now: DateTime<Utc>, total: u64) -> DateTime<Utc> {
        let t = (self.index as f64 + self.rng.f64()) / total.max(1) as f64;
        self.index += 1;
        let offset = (t.sqrt() * HISTORY_SECS as f64) as i64;
        now - Duration::seconds(HISTORY_SECS) + Duration::seconds(offset.min(HISTORY_SECS - 3_600))
    }

    /// `base`, or `base-N` when it was used before: unique, as bases never end in "-digits".
    fn unique(&mut self, base: String) -> String {
        let n = self.bases.entry(fnv1a(&base)).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{n}")
        }
    }

    /// A free-mail address; repeated names get a number, as they do in real life.
    fn freemail(&mut self, local: &str, domain: &str) -> String {
        loop {
            let key = format!("{local}@{domain}");
            let n = self.bases.entry(fnv1a(&key)).or_insert(0);
            *n += 1;
            let email = if *n == 1 {
                key
            } else {
                format!("{local}{n}@{domain}")
            };
            if !self.taken_emails.contains(&email) {
                return email;
            }
        }
    }
}

fn money(d: Decimal) -> Amount {
    Amount::new(d).expect("demo amounts have at most four decimals and stay small")
}

fn slug_words(words: &[&str], sep: &str, german: bool) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        ascii_lower(w, german, &mut out);
    }
    out
}

/// A mailbox name in one of the usual company styles.
fn local_part(rng: &mut Rng, first: &str, last: &str, german: bool) -> String {
    let mut out = String::new();
    match rng.u32(0..10) {
        0..=6 => {
            ascii_lower(first, german, &mut out);
            out.push('.');
            ascii_lower(last, german, &mut out);
        }
        7..=8 => {
            ascii_lower(first, german, &mut out);
            out.truncate(1);
            out.push('.');
            ascii_lower(last, german, &mut out);
        }
        _ => ascii_lower(first, german, &mut out),
    }
    out
}

struct Person {
    first: &'static str,
    last: String,
}

impl Person {
    fn random(rng: &mut Rng, country: &Country) -> Person {
        let first = *rng.pick(country.first_names);
        let mut last = (*rng.pick(country.last_names)).to_owned();
        // Polish surnames agree with the bearer: Kowalski, Anna Kowalska.
        if country.code == "PL" && first.ends_with('a') && last.ends_with("ki") {
            last.pop();
            last.push('a');
        }
        Person { first, last }
    }

    fn full_name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

struct Svc {
    id: i32,
    kind: ProductType,
    product: usize,
    name: &'static str,
    payg: bool,
    cycle: BillingCycle,
    cycle_id: i32,
    price: Decimal,
    setup: Decimal,
    status: ServiceStatus,
    /// Stopped by the client's suspension (resuming restarts exactly these).
    with_client: bool,
    created: DateTime<Utc>,
    display: String,
    /// For domain services: the domain they register.
    domain: Option<String>,
    /// Pay-as-you-go cost of the project's resources per hour.
    hourly: Decimal,
    billed: bool,
    setup_billed: bool,
}

struct Draft {
    issue: DateTime<Utc>,
    items: Vec<(Option<i32>, String, Decimal, Decimal)>,
}

/// A paid (or paid and refunded) invoice, for the journal.
struct Payment {
    at: DateTime<Utc>,
    invoice_id: i32,
    status: InvoiceStatus,
    total: Decimal,
    number: String,
}

/// A journal entry before its id is known (ids follow the entry date).
struct Money {
    date: DateTime<Utc>,
    invoice_id: Option<i32>,
    source: JournalAccount,
    destination: JournalAccount,
    gateway: Option<&'static str>,
    amount: Decimal,
    description: String,
}

/// Everything decided about the client being generated.
struct ClientGen<'g> {
    st: &'g mut State,
    cat: &'g Catalog,
    b: &'g mut Batch,
    now: DateTime<Utc>,
    anchor: NaiveDate,
    id: i32,
    created: DateTime<Utc>,
    lifecycle: Lifecycle,
    country: &'static Country,
    city: &'static words::City,
    currency: usize,
    person: Person,
    company: String,
    slug: String,
    main_domain: String,
    used_tlds: Vec<String>,
    groups: Vec<usize>,
    config: usize,
    tax_exempt: bool,
    billing_agreement: bool,
    owner_name: String,
    services: Vec<Svc>,
    /// Hours of pay-as-you-go usage not invoiced yet.
    usage_hours: i64,
    /// (created, name) of instances and (issued, number) of invoices, for ticket texts.
    instance_names: Vec<(DateTime<Utc>, String)>,
    invoice_numbers: Vec<(DateTime<Utc>, String)>,
    domain_names: Vec<String>,
    has_overdue: bool,
}

impl<'g> ClientGen<'g> {
    fn new(
        st: &'g mut State,
        cat: &'g Catalog,
        b: &'g mut Batch,
        now: DateTime<Utc>,
        created: DateTime<Utc>,
        lifecycle: Lifecycle,
    ) -> Self {
        let id = st.ids.client.take();
        let rng = &mut st.rng;
        let country = &COUNTRIES[rng.weighted_index(COUNTRIES.iter().map(|c| c.weight))];
        let city = rng.pick(country.cities);
        let person = Person::random(rng, country);
        let german = country.german();
        let is_company = rng.chance(88);
        let (company, base) = if is_company {
            let brand = *rng.pick(words::BRANDS);
            let trade = *rng.pick(words::TRADES);
            let sep = if rng.chance(60) { "-" } else { "" };
            let (name, base) = match rng.u32(0..100) {
                0..=64 => (
                    format!("{brand} {trade}"),
                    slug_words(&[brand, trade], sep, german),
                ),
                65..=79 => (
                    format!("{} {trade}", person.last),
                    slug_words(&[&person.last, trade], sep, german),
                ),
                80..=91 => (brand.to_owned(), slug_words(&[brand], "", german)),
                _ => {
                    let partner = Person::random(rng, country).last;
                    (
                        format!("{} & {partner}", person.last),
                        slug_words(&[&person.last, &partner], "-", german),
                    )
                }
            };
            let legal = rng.pick(country.legal_forms);
            (format!("{name} {legal}"), base)
        } else {
            (
                String::new(),
                slug_words(&[person.first, &person.last], "-", german),
            )
        };
        let slug = st.unique(base);
        let main_tld = if st.rng.chance(80) {
            country.tld
        } else {
            "com"
        };
        let currency = match country.alt_currency {
            Some((alt, pct)) if st.rng.chance(pct) => catalog::currency_index(alt),
            _ => catalog::currency_index(country.currency),
        };
        ClientGen {
            main_domain: format!("{slug}.{main_tld}"),
            used_tlds: Vec::new(),
            slug,
            st,
            cat,
            b,
            now,
            anchor: now.date_naive(),
            id,
            created,
            lifecycle,
            country,
            city,
            currency,
            owner_name: person.full_name(),
            person,
            company,
            groups: Vec::new(),
            config: CFG_DEFAULT,
            tax_exempt: false,
            billing_agreement: false,
            services: Vec::new(),
            usage_hours: 0,
            instance_names: Vec::new(),
            invoice_numbers: Vec::new(),
            domain_names: Vec::new(),
            has_overdue: false,
        }
    }

    fn is_company(&self) -> bool {
        !self.company.is_empty()
    }

    fn display_name(&self) -> String {
        model::client::display_name(&self.company, self.person.first, &self.person.last)
    }

    fn currency_code(&self) -> String {
        catalog::CURRENCIES[self.currency].0.to_owned()
    }

    fn run(mut self) {
        self.groups_and_terms();
        let owner_email = self.users();
        self.services();
        let unbilled = self.cloud();
        let paid = self.invoices();
        let (balance, out_of_credit_since) = self.credit(paid, unbilled);
        self.domains();
        self.tickets();
        self.client_row(owner_email, balance, unbilled, out_of_credit_since);
    }

    fn groups_and_terms(&mut self) {
        let n = if self.is_company() {
            self.st.rng.weighted(&[(0, 40), (1, 35), (2, 18), (3, 7)])
        } else {
            self.st.rng.weighted(&[(0, 85), (1, 15)])
        };
        while self.groups.len() < n {
            let g = self.st.rng.weighted_index(GROUPS.iter().map(|g| g.2));
            if !self.groups.contains(&g) {
                self.groups.push(g);
            }
        }
        // GROUPS is sorted by name, so the smallest index is the first name.
        self.groups.sort_unstable();
        for &g in &self.groups {
            self.b
                .client_group_members
                .push(client_group_member::Model {
                    client_id: self.id,
                    group_id: self.cat.groups[g],
                });
        }
        let has = |g: usize| self.groups.contains(&g);
        let (reseller, enterprise, exempt_group) = (
            has(GRP_RESELLERS),
            has(GRP_ENTERPRISE),
            has(GRP_NON_PROFIT) || has(GRP_EDUCATION),
        );
        self.config = if reseller && self.st.rng.chance(80) {
            CFG_RESELLER
        } else if enterprise && self.st.rng.chance(70) {
            CFG_ENTERPRISE
        } else {
            self.st.rng.weighted(&[
                (CFG_DEFAULT, 78),
                (CFG_PREPAID, 16),
                (CFG_ENTERPRISE, 3),
                (CFG_RESELLER, 3),
            ])
        };
        let company = self.is_company();
        self.tax_exempt = company && self.st.rng.chance(if exempt_group { 50 } else { 6 });
    }

    /// The owner and other members of the account, plus now and then a user who belongs to
    /// no client yet. Returns the owner's e-mail.
    fn users(&mut self) -> String {
        let owner_email = if self.is_company() {
            let local = local_part(
                &mut self.st.rng,
                self.person.first,
                &self.person.last,
                self.country.german(),
            );
            self.company_email(&local)
        } else {
            let mut local = String::new();
            ascii_lower(self.person.first, self.country.german(), &mut local);
            local.push('.');
            ascii_lower(&self.person.last, self.country.german(), &mut local);
            let provider = *self.st.rng.pick(self.country.freemail);
            self.st.freemail(&local, provider)
        };
        let skip_owner = self
            .st
            .rng
            .chance(if self.lifecycle == Lifecycle::Deleting {
                40
            } else {
                4
            });
        if !skip_owner {
            let roles = if self.st.rng.chance(20) {
                Roles::new([Role::Owner, Role::Billing])
            } else {
                Roles::new([Role::Owner])
            };
            let name = self.owner_name.clone();
            self.user(name, owner_email.clone(), self.created, Some(roles));
        }
        if self.is_company() {
            let members = self.st.rng.weighted(&[(0usize, 70), (1, 22), (2, 8)]);
            let mut locals = vec![owner_email.split('@').next().unwrap_or_default().to_owned()];
            for _ in 0..members {
                let p = Person::random(&mut self.st.rng, self.country);
                let local = local_part(&mut self.st.rng, p.first, &p.last, self.country.german());
                if locals.contains(&local) {
                    continue;
                }
                locals.push(local.clone());
                let email = self.company_email(&local);
                let roles = self.st.rng.weighted(&[
                    (&[Role::Member][..], 50),
                    (&[Role::Member, Role::Technical][..], 25),
                    (&[Role::Billing][..], 15),
                    (&[Role::Technical][..], 10),
                ]);
                let since = self.st.rng.between(self.created, self.now);
                self.user(
                    p.full_name(),
                    email,
                    since,
                    Some(Roles::new(roles.iter().copied())),
                );
            }
        }
        if self.st.rng.chance(4) {
            let p = Person::random(&mut self.st.rng, self.country);
            let mut local = String::new();
            ascii_lower(p.first, self.country.german(), &mut local);
            local.push('.');
            ascii_lower(&p.last, self.country.german(), &mut local);
            let provider = *self.st.rng.pick(self.country.freemail);
            let email = self.st.freemail(&local, provider);
            let since = self.st.rng.between(self.created, self.now);
            self.user(p.full_name(), email, since, None);
        }
        owner_email
    }

    /// `local@main-domain`; the domain is unique to this client, so only pre-existing
    /// (staff) addresses can collide.
    fn company_email(&mut self, local: &str) -> String {
        let mut email = format!("{local}@{}", self.main_domain);
        let mut n = 1;
        while self.st.taken_emails.contains(&email) {
            n += 1;
            email = format!("{local}{n}@{}", self.main_domain);
        }
        email
    }

    fn user(
        &mut self,
        full_name: String,
        email: String,
        since: DateTime<Utc>,
        roles: Option<Roles>,
    ) {
        let id = self.st.ids.user.take();
        let active = self
            .st
            .rng
            .chance(if self.lifecycle == Lifecycle::Deleting {
                50
            } else {
                96
            });
        let last_login_at = if active && self.st.rng.chance(80) {
            Some(self.st.rng.between(since, self.now))
        } else {
            None
        };
        self.b.users.push(user::Model {
            id,
            email,
            full_name,
            password_hash: None,
            is_staff: false,
            is_active: active,
            created_at: since,
            last_login_at,
            staff_role: None,
            must_change_password: false,
        });
        if let Some(roles) = roles {
            let cu = self.st.ids.client_user.take();
            self.b.client_users.push(client_user::Model {
                id: cu,
                client_id: self.id,
                user_id: id,
                roles: roles.to_db(),
                created_at: since,
            });
        }
    }

    fn services(&mut self) {
        let n = match self.lifecycle {
            Lifecycle::Derived => {
                self.st
                    .rng
                    .weighted(&[(0usize, 14), (1, 38), (2, 26), (3, 14), (4, 8)])
            }
            Lifecycle::Suspending => self.st.rng.weighted(&[(2, 50), (3, 30), (4, 20)]),
            Lifecycle::Suspended => self.st.rng.weighted(&[(1, 40), (2, 35), (3, 15), (4, 10)]),
            Lifecycle::Deleting => self.st.rng.weighted(&[(0, 20), (1, 40), (2, 25), (3, 15)]),
        };
        let cat = self.cat;
        for i in 0..n {
            let has_cloud = self
                .services
                .iter()
                .any(|s| s.kind == ProductType::Openstack);
            let mut kind = if i == 0 {
                self.st.rng.weighted(&[
                    (ProductType::Openstack, 45),
                    (ProductType::Hosting, 25),
                    (ProductType::Domain, 12),
                    (ProductType::Generic, 18),
                ])
            } else if has_cloud {
                self.st.rng.weighted(&[
                    (ProductType::Hosting, 35),
                    (ProductType::Domain, 30),
                    (ProductType::Generic, 35),
                ])
            } else {
                self.st.rng.weighted(&[
                    (ProductType::Openstack, 25),
                    (ProductType::Hosting, 25),
                    (ProductType::Domain, 25),
                    (ProductType::Generic, 25),
                ])
            };
            let mut domain = None;
            if kind == ProductType::Domain {
                // One registration per TLD: domain names are unique.
                let free: Vec<(usize, &catalog::ProductInfo)> = cat
                    .of_kind(ProductType::Domain)
                    .filter(|(_, p)| !self.used_tlds.iter().any(|t| t == self.tld_of(p.def.tld)))
                    .collect();
                if free.is_empty() {
                    kind = ProductType::Generic;
                } else {
                    let (pi, p) = free[self
                        .st
                        .rng
                        .weighted_index(free.iter().map(|f| f.1.def.weight))];
                    let tld = self.tld_of(p.def.tld).to_owned();
                    domain = Some((pi, format!("{}.{tld}", self.slug)));
                    self.used_tlds.push(tld);
                }
            }
            let pi = match &domain {
                Some((pi, _)) => *pi,
                None => {
                    let options: Vec<(usize, &catalog::ProductInfo)> = cat.of_kind(kind).collect();
                    options[self
                        .st
                        .rng
                        .weighted_index(options.iter().map(|o| o.1.def.weight))]
                    .0
                }
            };
            let product = &cat.products[pi];
            let ci = self
                .st
                .rng
                .weighted_index(product.cycles.iter().map(|c| match c.cycle {
                    BillingCycle::Monthly => 65,
                    BillingCycle::Quarterly => 8,
                    BillingCycle::Annually => 27,
                    BillingCycle::OneTime => 100,
                }));
            let cycle = &product.cycles[ci];
            let (cycle_id, price, setup) = cycle.prices[self.currency];
            let status = self.st.rng.weighted(&[
                (ServiceStatus::Active, 62),
                (ServiceStatus::Pending, 8),
                (ServiceStatus::Suspended, 7),
                (ServiceStatus::Terminated, 15),
                (ServiceStatus::Cancelled, 8),
            ]);
            let created = if i == 0 {
                let until = (self.created + Duration::days(14)).min(self.now);
                self.st.rng.between(self.created, until)
            } else {
                self.st.rng.between(self.created, self.now)
            };
            let display = match (&domain, kind) {
                (Some((_, name)), _) => name.clone(),
                (None, ProductType::Hosting) => {
                    format!("{} – {}", product.def.name, self.main_domain)
                }
                _ => product.def.name.to_owned(),
            };
            self.services.push(Svc {
                id: self.st.ids.service.take(),
                kind,
                product: pi,
                name: product.def.name,
                payg: product.def.code == PAYG_CODE,
                cycle: cycle.cycle,
                cycle_id,
                price,
                setup,
                status,
                with_client: false,
                created,
                display,
                domain: domain.map(|d| d.1),
                hourly: Decimal::ZERO,
                billed: false,
                setup_billed: false,
            });
        }
        self.apply_lifecycle_to_services();
        let pct = if self.is_company() { 38 } else { 25 };
        self.billing_agreement = !self.services.is_empty() && self.st.rng.chance(pct);
        for i in 0..self.services.len() {
            self.push_service(i);
        }
    }

    fn tld_of(&self, product_tld: &'static str) -> &'static str {
        if product_tld.is_empty() {
            self.country.tld
        } else {
            product_tld
        }
    }

    fn apply_lifecycle_to_services(&mut self) {
        use ServiceStatus::*;
        match self.lifecycle {
            Lifecycle::Derived => {}
            Lifecycle::Suspending => {
                // Part-way through: some services already suspended, some still active.
                self.services[0].status = Active;
                self.services[1].status = Suspended;
                self.services[1].with_client = true;
            }
            Lifecycle::Suspended => {
                for s in &mut self.services {
                    if s.status == Active {
                        s.status = Suspended;
                        s.with_client = true;
                    }
                }
                if !self.services.iter().any(|s| s.status == Suspended) {
                    self.services[0].status = Suspended;
                    self.services[0].with_client = true;
                }
            }
            Lifecycle::Deleting => {
                for i in 0..self.services.len() {
                    let status = match self.services[i].status {
                        Active | Suspended if self.st.rng.chance(60) => Terminated,
                        Pending => Cancelled,
                        s => s,
                    };
                    self.services[i].status = status;
                }
            }
        }
    }

    fn push_service(&mut self, i: usize) {
        let now = self.now;
        let anchor = self.anchor;
        let s = &self.services[i];
        let (status, created, cycle) = (s.status, s.created, s.cycle);
        let cycle_days = match cycle {
            BillingCycle::Monthly => 30,
            BillingCycle::Quarterly => 91,
            BillingCycle::Annually => 365,
            BillingCycle::OneTime => 0,
        };
        let next_due_date = match status {
            ServiceStatus::Active if cycle_days > 0 => {
                Some(anchor + Duration::days(self.st.rng.i64(1..=cycle_days)))
            }
            ServiceStatus::Suspended => {
                Some((anchor - Duration::days(self.st.rng.i64(3..=45))).max(created.date_naive()))
            }
            _ => None,
        };
        let updated_at = self.st.rng.between(created, now);
        let terminated_at = (status == ServiceStatus::Terminated).then_some(updated_at);
        let pricing_plan_id =
            (s.kind == ProductType::Openstack).then(|| self.cat.plans[self.plan()]);
        self.b.services.push(service::Model {
            id: s.id,
            client_id: self.id,
            product_id: self.cat.products[s.product].id,
            cycle_id: Some(s.cycle_id),
            pricing_plan_id,
            display_name: s.display.clone(),
            status,
            next_due_date,
            suspended_with_client: s.with_client,
            created_at: created,
            updated_at,
            terminated_at,
            is_openstack: s.kind == ProductType::Openstack,
        });
    }

    fn plan(&self) -> usize {
        if self.groups.contains(&GRP_RESELLERS) {
            PLAN_RESELLER
        } else if catalog::CURRENCIES[self.currency].0 == "USD" {
            PLAN_USD
        } else {
            PLAN_STANDARD
        }
    }

    /// The OpenStack project and its resources; returns the unbilled pay-as-you-go usage.
    fn cloud(&mut self) -> Decimal {
        let Some(si) = self
            .services
            .iter()
            .position(|s| s.kind == ProductType::Openstack)
        else {
            return Decimal::ZERO;
        };
        let status = self.services[si].status;
        let has_project = match status {
            ServiceStatus::Active | ServiceStatus::Suspended => self.st.rng.chance(92),
            ServiceStatus::Pending => self.st.rng.chance(40),
            ServiceStatus::Terminated => self.st.rng.chance(10),
            ServiceStatus::Cancelled => false,
        };
        if !has_project {
            return Decimal::ZERO;
        }
        let cat = self.cat;
        let disabled = matches!(status, ServiceStatus::Suspended | ServiceStatus::Terminated)
            || matches!(self.lifecycle, Lifecycle::Suspended | Lifecycle::Deleting);
        let pid = self.st.ids.project.take();
        let svc_created = self.services[si].created;
        let p_created = self
            .st
            .rng
            .between(svc_created, (svc_created + Duration::days(1)).min(self.now));
        let domain_ix = self.st.rng.weighted(&[(0usize, 85), (1, 10), (2, 5)]);
        let openstack_id = unique_hex32(&mut self.st.rng, pid as u64);
        self.b.projects.push(project::Model {
            id: pid,
            client_id: self.id,
            service_id: Some(self.services[si].id),
            openstack_id,
            project_domain_id: cat.project_domains[domain_ix].clone(),
            name: format!("{} cloud", self.display_name()),
            disabled,
            created_at: p_created,
        });

        let region_ix = if self.st.rng.chance(70) {
            self.country.region
        } else {
            self.st.rng.usize(0..cat.regions.len())
        };
        let region = &cat.regions[region_ix];

        // Networks first: ports and instance addresses live in them.
        let mut networks: Vec<(i32, [u8; 3])> = Vec::new();
        // Resources appear after the project's networks.
        let mut ready = p_created;
        let net_count = if self.st.rng.chance(90) {
            if self.st.rng.chance(12) {
                2
            } else {
                1
            }
        } else {
            0
        };
        for k in 0..net_count {
            let id = self.st.ids.network.take();
            let net = if self.st.rng.chance(70) {
                [10, self.st.rng.u8(0..=255), self.st.rng.u8(0..=255)]
            } else {
                [192, 168, self.st.rng.u8(0..=255)]
            };
            let cidr = if net[0] == 10 {
                format!("10.{}.{}.0/24", net[1], net[2])
            } else {
                format!("192.168.{}.0/24", net[2])
            };
            let created_at = self
                .st
                .rng
                .between(p_created, (p_created + Duration::days(2)).min(self.now));
            self.b.networks.push(network::Model {
                id,
                project_id: pid,
                openstack_id: uuid(&mut self.st.rng),
                name: if k == 0 {
                    format!("{}-net", self.slug)
                } else {
                    "dmz".to_owned()
                },
                region_id: region.id,
                cidr,
                created_at,
            });
            networks.push((id, net));
            ready = ready.max(created_at);
        }
        let host_ip = |net: [u8; 3], host: u8| {
            if net[0] == 10 {
                format!("10.{}.{}.{host}", net[1], net[2])
            } else {
                format!("192.168.{}.{host}", net[2])
            }
        };

        let instances = if status == ServiceStatus::Pending {
            self.st.rng.weighted(&[(0usize, 70), (1, 30)])
        } else {
            self.st
                .rng
                .weighted(&[(0usize, 8), (1, 30), (2, 26), (3, 16), (4, 12), (5, 8)])
        };
        let plan = self.plan();
        let mut hourly = Decimal::ZERO;
        let mut role_counts: Vec<(&str, u32)> = Vec::new();
        for k in 0..instances {
            let id = self.st.ids.instance.take();
            let role = *self.st.rng.pick(words::INSTANCE_ROLES);
            let n = match role_counts.iter_mut().find(|r| r.0 == role) {
                Some(r) => {
                    r.1 += 1;
                    r.1
                }
                None => {
                    role_counts.push((role, 1));
                    1
                }
            };
            let name = format!("{role}-{n:02}");
            let fi = self.st.rng.weighted_index(FLAVORS.iter().map(|f| f.weight));
            let inst_region = if self.st.rng.chance(85) {
                region
            } else {
                self.st.rng.pick(&cat.regions)
            };
            let state = if disabled {
                *self.st.rng.pick(&["SHUTOFF", "SUSPENDED"])
            } else if status == ServiceStatus::Pending {
                "BUILD"
            } else {
                self.st.rng.weighted(&[
                    ("ACTIVE", 80),
                    ("SHUTOFF", 11),
                    ("ERROR", 3),
                    ("PAUSED", 3),
                    ("BUILD", 3),
                ])
            };
            let hypervisor_id = if matches!(state, "BUILD" | "ERROR") && self.st.rng.chance(50) {
                None
            } else {
                Some(*self.st.rng.pick(&inst_region.hypervisors))
            };
            if !matches!(state, "BUILD" | "ERROR") {
                hourly += cat.rates[plan][self.currency][fi];
            }
            let (os, _) = *self.st.rng.pick(words::OPERATING_SYSTEMS);
            let [a, b] = inst_region.ip_prefix;
            let ipv4 = format!(
                "{a}.{b}.{}.{}",
                self.st.rng.u8(0..=255),
                self.st.rng.u8(1..=254)
            );
            let created_at = self.st.rng.between(ready, self.now);
            self.b.instances.push(instance::Model {
                id,
                project_id: pid,
                openstack_id: uuid(&mut self.st.rng),
                name: name.clone(),
                status: state.to_owned(),
                region_id: inst_region.id,
                flavor_id: cat.flavors[fi],
                hypervisor_id,
                image_name: os.to_owned(),
                ipv4,
                created_at,
            });
            if self.st.rng.chance(50) {
                let vid = self.st.ids.volume.take();
                let size = self.st.rng.weighted(&[
                    (20, 20),
                    (50, 30),
                    (100, 25),
                    (250, 15),
                    (500, 7),
                    (1000, 3),
                ]);
                self.b.volumes.push(volume::Model {
                    id: vid,
                    project_id: pid,
                    openstack_id: uuid(&mut self.st.rng),
                    name: format!("{name}-data"),
                    status: "in-use".to_owned(),
                    region_id: inst_region.id,
                    size_gb: size,
                    created_at,
                });
            }
            if let Some(&(net_id, net)) = networks.first() {
                let port_id = self.st.ids.port.take();
                let port_status = match state {
                    "ACTIVE" => "ACTIVE",
                    "BUILD" => "BUILD",
                    _ => "DOWN",
                };
                let mac = self.mac();
                self.b.ports.push(port::Model {
                    id: port_id,
                    project_id: pid,
                    network_id: Some(net_id),
                    instance_id: Some(id),
                    openstack_id: uuid(&mut self.st.rng),
                    mac_address: mac,
                    ip_address: host_ip(net, 10 + k as u8),
                    status: port_status.to_owned(),
                    created_at,
                });
            }
            self.instance_names.push((created_at, name));
        }
        if self.st.rng.chance(15) {
            let vid = self.st.ids.volume.take();
            let status = self
                .st
                .rng
                .weighted(&[("available", 85), ("error", 5), ("creating", 10)]);
            let created_at = self.st.rng.between(p_created, self.now);
            self.b.volumes.push(volume::Model {
                id: vid,
                project_id: pid,
                openstack_id: uuid(&mut self.st.rng),
                name: "backup".to_owned(),
                status: status.to_owned(),
                region_id: region.id,
                size_gb: self.st.rng.weighted(&[(100, 50), (500, 35), (2000, 15)]),
                created_at,
            });
        }
        if let Some(&(net_id, net)) = networks.first() {
            if self.st.rng.chance(80) {
                let rid = self.st.ids.router.take();
                let created_at = self
                    .st
                    .rng
                    .between(ready, (ready + Duration::days(1)).min(self.now));
                let up = !disabled && self.st.rng.chance(95);
                let [a, b] = region.ip_prefix;
                let external_ip = self.st.rng.chance(90).then(|| {
                    format!(
                        "{a}.{b}.{}.{}",
                        self.st.rng.u8(0..=255),
                        self.st.rng.u8(1..=254)
                    )
                });
                self.b.routers.push(router::Model {
                    id: rid,
                    project_id: pid,
                    openstack_id: uuid(&mut self.st.rng),
                    name: format!("router-{}", region.name),
                    status: if up { "ACTIVE" } else { "DOWN" }.to_owned(),
                    region_id: region.id,
                    external_ip,
                    created_at,
                });
                // The router's interface on the network: a port without an instance.
                let port_id = self.st.ids.port.take();
                let mac = self.mac();
                self.b.ports.push(port::Model {
                    id: port_id,
                    project_id: pid,
                    network_id: Some(net_id),
                    instance_id: None,
                    openstack_id: uuid(&mut self.st.rng),
                    mac_address: mac,
                    ip_address: host_ip(net, 1),
                    status: if up { "ACTIVE" } else { "DOWN" }.to_owned(),
                    created_at,
                });
            }
        }
        let keys = self.st.rng.weighted(&[(0usize, 35), (1, 45), (2, 20)]);
        for k in 0..keys {
            let id = self.st.ids.ssh_key.take();
            let name = match k {
                0 => {
                    let mut n = String::new();
                    ascii_lower(self.person.first, self.country.german(), &mut n);
                    format!("{n}@laptop")
                }
                _ => (*self
                    .st
                    .rng
                    .pick(&["deploy", "ci-runner", "ops-team", "ansible"]))
                .to_owned(),
            };
            let body: String = (0..43).map(|_| self.base64_char()).collect();
            let fingerprint: String = (0..43).map(|_| self.base64_char()).collect();
            let created_at = self.st.rng.between(p_created, self.now);
            self.b.ssh_keys.push(ssh_key::Model {
                id,
                project_id: pid,
                public_key: format!("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{body} {name}"),
                name,
                fingerprint: format!("SHA256:{fingerprint}"),
                created_at,
            });
        }
        if self.st.rng.chance(15) {
            let id = self.st.ids.image.take();
            let (_, distro) = *self.st.rng.pick(words::OPERATING_SYSTEMS);
            let created_at = self.st.rng.between(p_created, self.now);
            let role = *self.st.rng.pick(words::INSTANCE_ROLES);
            self.b.images.push(image::Model {
                id,
                project_id: pid,
                openstack_id: uuid(&mut self.st.rng),
                name: format!("{role}-golden-{}", created_at.format("%Y-%m")),
                os_distro: distro.to_owned(),
                region_id: region.id,
                min_disk_gb: if distro == "windows" {
                    40
                } else {
                    *self.st.rng.pick(&[10, 20])
                },
                visibility: self
                    .st
                    .rng
                    .weighted(&[("private", 80), ("shared", 15), ("community", 5)])
                    .to_owned(),
                created_at,
            });
        }

        let svc = &mut self.services[si];
        if !svc.payg {
            return Decimal::ZERO;
        }
        svc.hourly = hourly;
        if !matches!(status, ServiceStatus::Active | ServiceStatus::Suspended) || hourly.is_zero() {
            return Decimal::ZERO;
        }
        // Usage since the last invoice, in multiples of 4 hours (whole cents).
        let age_hours = (self.now - p_created).num_hours() / 4 * 4;
        self.usage_hours = (4 * self.st.rng.i64(6..=180)).min(age_hours);
        hourly * Decimal::from(self.usage_hours)
    }

    fn mac(&mut self) -> String {
        let r = self.st.rng.u32(..);
        format!(
            "fa:16:3e:{:02x}:{:02x}:{:02x}",
            r >> 16 & 0xff,
            r >> 8 & 0xff,
            r & 0xff
        )
    }

    fn base64_char(&mut self) -> char {
        const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        B64[self.st.rng.usize(0..64)] as char
    }

    /// Recent invoices with their items and payments; returns the payments for `credit`.
    fn invoices(&mut self) -> Vec<Payment> {
        let billable: Vec<usize> = (0..self.services.len())
            .filter(|&i| {
                let s = &self.services[i];
                matches!(
                    s.status,
                    ServiceStatus::Active | ServiceStatus::Suspended | ServiceStatus::Terminated
                ) && (s.payg || !s.price.is_zero())
            })
            .collect();
        if billable.is_empty() {
            return Vec::new();
        }
        let n = self
            .st
            .rng
            .weighted(&[(1i64, 45), (2, 35), (3, 15), (4, 5)]);
        // Invoices go out every 30 days on the client's own billing day.
        let phase = self.st.rng.i64(1..=30);
        let hour = Duration::seconds(self.st.rng.i64(0..8 * 3_600));
        let mut drafts: Vec<Draft> = Vec::new();
        for j in (0..n).rev() {
            let issue = self.now - Duration::days(30 * j + phase) + hour;
            if issue < self.created {
                continue;
            }
            let mut items = Vec::new();
            for &i in &billable {
                let s = &self.services[i];
                if s.created > issue {
                    continue;
                }
                let start = issue.date_naive();
                if s.payg {
                    let max_hours = (issue - s.created).num_hours() / 4 * 4;
                    let hours = (4 * self.st.rng.i64(90..=186)).min(max_hours);
                    if hours > 0 && !s.hourly.is_zero() {
                        let desc = format!("{} usage, {}", s.name, start.format("%B %Y"));
                        items.push((Some(s.id), desc, Decimal::from(hours), s.hourly));
                    }
                    continue;
                }
                let months = match s.cycle {
                    BillingCycle::Monthly => 1,
                    BillingCycle::Quarterly => 3,
                    BillingCycle::Annually => 12,
                    BillingCycle::OneTime => 0,
                };
                let due_now = match s.cycle {
                    BillingCycle::Monthly => true,
                    BillingCycle::Quarterly => !s.billed || j % 3 == 0,
                    BillingCycle::Annually | BillingCycle::OneTime => !s.billed,
                };
                if due_now {
                    let desc = if months == 0 {
                        s.display.clone()
                    } else {
                        let end = start
                            .checked_add_months(Months::new(months))
                            .map_or(start, |d| d - Duration::days(1));
                        format!("{} ({}, {start} – {end})", s.display, s.cycle.label())
                    };
                    items.push((Some(s.id), desc, Decimal::ONE, s.price));
                }
                if !s.setup_billed && !s.setup.is_zero() {
                    items.push((
                        Some(s.id),
                        format!("Setup fee – {}", s.name),
                        Decimal::ONE,
                        s.setup,
                    ));
                }
                let s = &mut self.services[i];
                s.billed = true;
                s.setup_billed = true;
            }
            if !items.is_empty() {
                drafts.push(Draft { issue, items });
            }
        }

        let due_days = i64::from(CONFIGS[self.config].due_days);
        let past_due = |d: &Draft, now: DateTime<Utc>| {
            d.issue.date_naive() + Duration::days(due_days) < now.date_naive()
        };
        let mut statuses: Vec<InvoiceStatus> = drafts
            .iter()
            .map(|d| {
                if past_due(d, self.now) {
                    self.st.rng.weighted(&[
                        (InvoiceStatus::Paid, 80),
                        (InvoiceStatus::Unpaid, 8),
                        (InvoiceStatus::Cancelled, 7),
                        (InvoiceStatus::Refunded, 5),
                    ])
                } else {
                    self.st.rng.weighted(&[
                        (InvoiceStatus::Unpaid, 70),
                        (InvoiceStatus::Paid, 27),
                        (InvoiceStatus::Cancelled, 3),
                    ])
                }
            })
            .collect();
        if self.billing_agreement {
            for s in &mut statuses {
                // Charged automatically on the issue date.
                if *s == InvoiceStatus::Unpaid && self.st.rng.chance(85) {
                    *s = InvoiceStatus::Paid;
                }
            }
        }
        if self.lifecycle == Lifecycle::Suspended && self.st.rng.chance(60) {
            if let Some(k) = drafts.iter().rposition(|d| past_due(d, self.now)) {
                statuses[k] = InvoiceStatus::Unpaid;
            }
        }

        // Every country the demo draws from has a standard rate (migration 000021).
        let rate = self
            .cat
            .taxes
            .rate(self.tax_exempt, self.country.code, self.city.state)
            .unwrap_or(Decimal::ZERO);
        let client_name = self.display_name();
        let currency = self.currency_code();
        let mut paid = Vec::new();
        for (d, status) in drafts.into_iter().zip(statuses) {
            let id = self.st.ids.invoice.take();
            let issue_date = d.issue.date_naive();
            let due_date = issue_date + Duration::days(due_days);
            let number = format!("INV-{}-{id:06}", issue_date.format("%Y"));
            let mut subtotal = Decimal::ZERO;
            for (service_id, description, quantity, unit_price) in d.items {
                let amount = quantity * unit_price;
                subtotal += amount;
                let item_id = self.st.ids.invoice_item.take();
                self.b.invoice_items.push(invoice_item::Model {
                    id: item_id,
                    invoice_id: id,
                    service_id,
                    description,
                    quantity: money(quantity),
                    unit_price: money(unit_price),
                    amount: money(amount),
                    taxable: !self.tax_exempt,
                });
            }
            let tax = domain::services::tax::tax(subtotal, rate);
            let total = subtotal + tax;
            let paid_at =
                matches!(status, InvoiceStatus::Paid | InvoiceStatus::Refunded).then(|| {
                    let latest = if self.billing_agreement {
                        d.issue + Duration::hours(2)
                    } else {
                        d.issue + Duration::days(due_days + 3)
                    };
                    self.st.rng.between(d.issue, latest.min(self.now))
                });
            if status == InvoiceStatus::Unpaid && due_date < self.anchor {
                self.has_overdue = true;
            }
            if let Some(at) = paid_at {
                paid.push(Payment {
                    at,
                    invoice_id: id,
                    status,
                    total,
                    number: number.clone(),
                });
            }
            self.b.invoices.push(invoice::Model {
                id,
                client_id: Some(self.id),
                client_name: client_name.clone(),
                number: number.clone(),
                status,
                currency: currency.clone(),
                tax_rate: money(rate),
                subtotal: money(subtotal),
                tax_total: money(tax),
                total: money(total),
                issue_date,
                due_date,
                paid_at,
                created_at: d.issue,
            });
            self.invoice_numbers.push((d.issue, number));
        }
        paid.sort_by_key(|p| p.at);
        paid
    }

    /// Journal entries for payments, top-ups, refunds and staff credit; returns the credit
    /// balance and, when usage has outrun it, since when the client is out of credit.
    fn credit(
        &mut self,
        paid: Vec<Payment>,
        unbilled: Decimal,
    ) -> (Decimal, Option<DateTime<Utc>>) {
        let out_of_credit = !unbilled.is_zero()
            && self
                .st
                .rng
                .chance(if self.lifecycle == Lifecycle::Suspended {
                    70
                } else {
                    25
                });
        let has_payg = self.services.iter().any(|s| s.payg);
        let prepaid = has_payg || self.config == CFG_PREPAID || self.st.rng.chance(12);
        let gateways: &[&'static str] = if self.billing_agreement {
            &["Stripe", "PayPal"]
        } else if catalog::CURRENCIES[self.currency].0 == "EUR" {
            &["Stripe", "PayPal", "Bank transfer", "SEPA Direct Debit"]
        } else {
            &["Stripe", "PayPal", "Bank transfer"]
        };
        let gateway = *self.st.rng.pick(gateways);
        let mut entries: Vec<Money> = Vec::new();
        let mut balance = Decimal::ZERO;
        let topup = |amount: Decimal, date: DateTime<Utc>, via: &'static str| Money {
            date,
            invoice_id: None,
            source: JournalAccount::Gateway,
            destination: JournalAccount::Credit,
            gateway: Some(via),
            amount,
            description: format!("Credit added via {via}"),
        };

        // Top-ups come before any payment so the balance never dips below zero.
        let first_payment = paid.first().map_or(self.now, |p| p.at);
        if prepaid && !out_of_credit {
            let count = self.st.rng.weighted(&[(1, 75), (2, 25)]);
            for _ in 0..count {
                let eur = *self.st.rng.pick(&[20, 50, 100, 200, 250, 500]);
                let amount = catalog::convert_round(eur, self.currency);
                let date = self.st.rng.between(self.created, first_payment);
                balance += amount;
                entries.push(topup(amount, date, gateway));
            }
        }
        // The latest movement so far: later credit must not fund earlier payments.
        let mut last = entries.iter().map(|e| e.date).max().unwrap_or(self.created);
        for Payment {
            at,
            invoice_id,
            status,
            total,
            number,
        } in paid
        {
            last = last.max(at);
            let from_credit = status == InvoiceStatus::Paid
                && !self.billing_agreement
                && !out_of_credit
                && balance >= total
                && self.st.rng.chance(60);
            if from_credit {
                balance -= total;
                entries.push(Money {
                    date: at,
                    invoice_id: Some(invoice_id),
                    source: JournalAccount::Credit,
                    destination: JournalAccount::Invoice,
                    gateway: None,
                    amount: total,
                    description: format!("Invoice {number} paid from credit"),
                });
                continue;
            }
            entries.push(Money {
                date: at,
                invoice_id: Some(invoice_id),
                source: JournalAccount::Gateway,
                destination: JournalAccount::Invoice,
                gateway: Some(gateway),
                amount: total,
                description: format!("Payment for invoice {number}"),
            });
            if status == InvoiceStatus::Refunded {
                let refunded = self.st.rng.between(at, self.now);
                last = last.max(refunded);
                entries.push(Money {
                    date: refunded,
                    invoice_id: Some(invoice_id),
                    source: JournalAccount::Invoice,
                    destination: JournalAccount::Gateway,
                    gateway: Some(gateway),
                    amount: total,
                    description: format!("Refund for invoice {number}"),
                });
            }
        }
        if self.st.rng.chance(6) {
            let eur = *self.st.rng.pick(&[10, 25, 50]);
            let amount = catalog::convert_round(eur, self.currency);
            let date = self.st.rng.between(last, self.now);
            let reason = *self.st.rng.pick(&[
                "Goodwill credit for the storage incident",
                "Promotional credit",
                "Compensation for a delayed migration",
            ]);
            balance += amount;
            entries.push(Money {
                date,
                invoice_id: None,
                source: JournalAccount::Staff,
                destination: JournalAccount::Credit,
                gateway: None,
                amount,
                description: reason.to_owned(),
            });
        }
        if out_of_credit {
            // A little credit left over that the usage has since overtaken.
            if self.st.rng.chance(60) {
                let amount = [5, 10, 20, 50, 100, 200]
                    .iter()
                    .map(|&eur| catalog::convert_round(eur, self.currency))
                    .take_while(|&a| a < unbilled)
                    .last();
                if let Some(amount) = amount.filter(|a| !a.is_zero()) {
                    let date = self.st.rng.between(self.created, self.now);
                    balance += amount;
                    entries.push(topup(amount, date, gateway));
                }
            }
        } else if unbilled > balance {
            let step = catalog::convert_round(50, self.currency).max(Decimal::ONE);
            let amount = ((unbilled - balance) / step).ceil() * step;
            let date = self.st.rng.between(last, self.now);
            balance += amount;
            entries.push(topup(amount, date, gateway));
        }

        entries.sort_by_key(|e| e.date);
        let currency = self.currency_code();
        for e in entries {
            let id = self.st.ids.journal_entry.take();
            self.b.journal_entries.push(journal_entry::Model {
                id,
                client_id: Some(self.id),
                invoice_id: e.invoice_id,
                entry_date: e.date,
                source: e.source,
                destination: e.destination,
                gateway: e.gateway.map(str::to_owned),
                amount: money(e.amount),
                currency: currency.clone(),
                description: e.description,
            });
        }
        // Somewhere within the unbilled period, the usage overtook the balance.
        let since = model::credit::is_out_of_credit(balance - unbilled).then(|| {
            let from = (self.now - Duration::hours(self.usage_hours)).max(self.created);
            self.st.rng.between(from, self.now - Duration::hours(1))
        });
        (balance, since)
    }

    fn domains(&mut self) {
        let linked: Vec<(i32, String, ServiceStatus, DateTime<Utc>)> = self
            .services
            .iter()
            .filter_map(|s| s.domain.clone().map(|d| (s.id, d, s.status, s.created)))
            .collect();
        for (service_id, name, status, created) in linked {
            let status = match status {
                ServiceStatus::Active | ServiceStatus::Suspended => DomainStatus::Active,
                ServiceStatus::Pending => DomainStatus::Pending,
                ServiceStatus::Terminated => DomainStatus::Expired,
                ServiceStatus::Cancelled => DomainStatus::Cancelled,
            };
            self.domain(Some(service_id), name, status, created);
        }
        if self.st.rng.chance(if self.is_company() { 25 } else { 15 }) {
            let tlds = [self.country.tld, "com", "net", "eu", "io", "cloud"];
            let free: Vec<&str> = tlds
                .iter()
                .copied()
                .filter(|t| !self.used_tlds.iter().any(|u| u == t))
                .collect();
            if !free.is_empty() {
                let tld = *self.st.rng.pick(&free);
                self.used_tlds.push(tld.to_owned());
                let status = self.st.rng.weighted(&[
                    (DomainStatus::Active, 50),
                    (DomainStatus::Pending, 12),
                    (DomainStatus::Expired, 20),
                    (DomainStatus::Cancelled, 18),
                ]);
                let created = self.st.rng.between(self.created, self.now);
                let name = format!("{}.{tld}", self.slug);
                self.domain(None, name, status, created);
            }
        }
    }

    fn domain(
        &mut self,
        service_id: Option<i32>,
        name: String,
        status: DomainStatus,
        created: DateTime<Utc>,
    ) {
        let anchor = self.anchor;
        let expires_at = match status {
            DomainStatus::Pending => None,
            DomainStatus::Active => Some(anchor + Duration::days(self.st.rng.i64(10..=365))),
            DomainStatus::Expired => Some(anchor - Duration::days(self.st.rng.i64(1..=200))),
            DomainStatus::Cancelled => self
                .st
                .rng
                .chance(70)
                .then(|| anchor - Duration::days(self.st.rng.i64(1..=300))),
        };
        let years = self.st.rng.i64(1..=3);
        let registered_at = expires_at.map(|e| e - Duration::days(365 * years));
        let id = self.st.ids.domain_name.take();
        self.domain_names.push(name.clone());
        let auto_renew = match status {
            DomainStatus::Active => self.st.rng.chance(85),
            DomainStatus::Pending => true,
            DomainStatus::Expired => self.st.rng.chance(30),
            DomainStatus::Cancelled => false,
        };
        self.b.domains.push(domain_name::Model {
            id,
            client_id: self.id,
            service_id,
            name,
            status,
            registered_at,
            expires_at,
            auto_renew,
            created_at: created,
        });
    }

    fn tickets(&mut self) {
        let pct = if self.lifecycle == Lifecycle::Suspended {
            60
        } else {
            25
        };
        if !self.st.rng.chance(pct) {
            return;
        }
        let count = self.st.rng.weighted(&[(1, 65), (2, 25), (3, 10)]);
        for _ in 0..count {
            let created = self
                .st
                .rng
                .between(self.created, self.now - Duration::hours(1));
            // Tickets only mention what existed when they were written.
            let host = self
                .instance_names
                .iter()
                .filter(|i| i.0 < created)
                .min_by_key(|i| i.0)
                .map(|i| i.1.clone());
            let invoice = self
                .invoice_numbers
                .iter()
                .filter(|i| i.0 < created)
                .max_by_key(|i| i.0)
                .map(|i| i.1.clone());
            let domain = self.domain_names.first().cloned();
            let topics: Vec<&words::Topic> = words::TOPICS
                .iter()
                .filter(|t| {
                    (host.is_some() || !t.mentions("{host}"))
                        && (invoice.is_some() || !t.mentions("{invoice}"))
                        && (domain.is_some() || !t.mentions("{domain}"))
                })
                .collect();
            let topic = *self.st.rng.pick(&topics);
            let fill = |s: &str| {
                s.replace("{host}", host.as_deref().unwrap_or_default())
                    .replace("{domain}", domain.as_deref().unwrap_or_default())
                    .replace("{invoice}", invoice.as_deref().unwrap_or_default())
            };
            let (title, body, reply) = (fill(topic.title), fill(topic.body), fill(topic.reply));
            let status = self.st.rng.weighted(&[
                (TicketStatus::Open, 14),
                (TicketStatus::InProgress, 12),
                (TicketStatus::Answered, 18),
                (TicketStatus::CustomerReply, 12),
                (TicketStatus::OnHold, 8),
                (TicketStatus::Done, 36),
            ]);
            let priority = if topic.department == TicketDepartment::Technical {
                self.st.rng.weighted(&[
                    (TicketPriority::Low, 20),
                    (TicketPriority::Medium, 45),
                    (TicketPriority::High, 35),
                ])
            } else {
                self.st.rng.weighted(&[
                    (TicketPriority::Low, 45),
                    (TicketPriority::Medium, 45),
                    (TicketPriority::High, 10),
                ])
            };
            // Who wrote each message, client (false) or staff (true), ending as the status says.
            let authors: &[bool] = match status {
                TicketStatus::Open => &[false],
                TicketStatus::InProgress | TicketStatus::OnHold => &[false, true],
                TicketStatus::CustomerReply => &[false, true, false],
                TicketStatus::Answered | TicketStatus::Done => {
                    if self.st.rng.chance(35) {
                        &[false, true, false, true]
                    } else {
                        &[false, true]
                    }
                }
            };
            let id = self.st.ids.ticket.take();
            let staff = *self.st.rng.pick(words::SUPPORT_STAFF);
            let mut at = created;
            for (k, &is_staff) in authors.iter().enumerate() {
                if k > 0 {
                    let next = (at + Duration::days(2)).min(self.now);
                    at = self.st.rng.between(at, next);
                }
                let still_open = matches!(status, TicketStatus::InProgress | TicketStatus::OnHold);
                let body = match (k, is_staff) {
                    (0, _) => body.clone(),
                    (1, true) if still_open => (*self.st.rng.pick(words::STAFF_ACKS)).to_owned(),
                    (1, true) => reply.clone(),
                    (_, true) => (*self.st.rng.pick(words::STAFF_CLOSINGS)).to_owned(),
                    (_, false) => (*self.st.rng.pick(words::CLIENT_FOLLOW_UPS)).to_owned(),
                };
                let mid = self.st.ids.ticket_message.take();
                self.b.ticket_messages.push(ticket_message::Model {
                    id: mid,
                    ticket_id: id,
                    author_name: if is_staff {
                        staff.to_owned()
                    } else {
                        self.owner_name.clone()
                    },
                    is_staff,
                    body,
                    created_at: at,
                });
            }
            self.b.tickets.push(ticket::Model {
                id,
                client_id: self.id,
                title,
                status,
                department: topic.department,
                priority,
                created_at: created,
                updated_at: at,
            });
        }
    }

    fn client_row(
        &mut self,
        owner_email: String,
        balance: Decimal,
        unbilled: Decimal,
        out_of_credit_since: Option<DateTime<Utc>>,
    ) {
        let status = match self.lifecycle {
            Lifecycle::Derived => {
                ClientStatus::from_services(self.services.iter().map(|s| s.status))
            }
            Lifecycle::Suspending => ClientStatus::Suspending,
            Lifecycle::Suspended => ClientStatus::Suspended,
            Lifecycle::Deleting => ClientStatus::Deleting,
        };
        let suspension_reason =
            matches!(self.lifecycle, Lifecycle::Suspending | Lifecycle::Suspended).then(|| {
                if self.has_overdue {
                    "Overdue invoice".to_owned()
                } else if out_of_credit_since.is_some() {
                    "Out of credit".to_owned()
                } else {
                    (*self.st.rng.pick(words::SUSPENSION_REASONS)).to_owned()
                }
            });
        let country = self.country;
        let city = self.city;
        let email = if self.is_company() && self.st.rng.chance(25) {
            format!(
                "{}@{}",
                self.st.rng.pick(words::BILLING_MAILBOXES),
                self.main_domain
            )
        } else {
            owner_email
        };
        let phone = if self.st.rng.chance(30) {
            self.st.rng.pattern(country.mobile)
        } else {
            self.st.rng.pattern(city.phone)
        };
        let street = *self.st.rng.pick(country.streets);
        let number = self.st.rng.u32(1..=180);
        let address1 = if country.number_first {
            format!("{number} {street}")
        } else {
            format!("{street} {number}")
        };
        let address2 = if self.st.rng.chance(20) {
            (*self.st.rng.pick(country.address2)).to_owned()
        } else {
            String::new()
        };
        let zip_code = self.st.rng.pattern(city.zip);
        let vat_id = match country.vat {
            Some(p) if self.is_company() && self.st.rng.chance(85) => Some(self.st.rng.pattern(p)),
            _ => None,
        };
        let updated_at = self.st.rng.between(self.created, self.now);
        let company = std::mem::take(&mut self.company);
        let search_key = migration::search_key(
            &company,
            self.person.first,
            &self.person.last,
            &email,
            &phone,
        );
        self.b.clients.push(client::Model {
            id: self.id,
            company,
            first_name: self.person.first.to_owned(),
            last_name: self.person.last.clone(),
            email,
            phone,
            country: country.code.to_owned(),
            state: city.state.to_owned(),
            city: city.name.to_owned(),
            address1,
            address2,
            zip_code,
            vat_id,
            tax_exempt: self.tax_exempt,
            currency: self.currency_code(),
            configuration_id: self.cat.configs[self.config],
            status,
            suspension_reason,
            credit_balance: money(balance),
            uptodate_credit: money(balance - unbilled),
            out_of_credit_since,
            billing_agreement: self.billing_agreement,
            first_group_name: self.groups.first().map(|&g| GROUPS[g].0.to_owned()),
            created_at: self.created,
            updated_at,
            lifecycle_error: None,
            search_key,
        });
    }
}
