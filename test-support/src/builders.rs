//! The rows a story needs, built the way staff would make them: clients through the client
//! form's service, services through "Add service", invoices through "Add invoice". Only the
//! catalogue (which staff do not edit here) is written directly, and only what a story uses.

use chrono::{DateTime, NaiveDate, Utc};
use domain::audit::Actor;
use domain::entities::{
    client, client_group, configuration, invoice, journal_entry, pricing_plan, product,
    product_cycle, product_tld, user,
};
use domain::money::Amount;
use domain::services::{client_form, invoices, openstack};
use model::billing::{NewInvoice, NewInvoiceItem};
use model::client_form::ClientForm;
use model::{BillingCycle, InvoiceStatus, JournalAccount, ProductType, StaffRole};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

/// The day the stories are set on (the demo's too).
pub fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date")
}

/// The staff member a story acts as when who acts does not matter.
pub fn staff() -> Actor {
    Actor {
        user_id: None,
        email: "staff@test".into(),
        bulk_run: None,
    }
}

/// What a client needs around it: the default configuration and an OpenStack product on
/// sale, found or made the first time.
pub struct Catalogue {
    pub configuration: i32,
    pub openstack_product: i32,
}

impl Catalogue {
    pub async fn ensure(db: &DatabaseConnection) -> Catalogue {
        let configuration = match configuration::Entity::find()
            .filter(configuration::Column::IsDefault.eq(true))
            .one(db)
            .await
            .expect("read configurations")
        {
            Some(c) => c.id,
            None => new_configuration(db, "Standard", true).await,
        };
        let openstack_product = match product::Entity::find()
            .filter(product::Column::ProductType.eq(ProductType::Openstack))
            .filter(product::Column::Enabled.eq(true))
            .order_by_asc(product::Column::Id)
            .one(db)
            .await
            .expect("read products")
        {
            Some(p) => p.id,
            None => {
                product::ActiveModel {
                    name: Set("Public cloud".into()),
                    code: Set("cloud".into()),
                    product_type: Set(ProductType::Openstack),
                    description: Set("Pay-as-you-go OpenStack".into()),
                    enabled: Set(true),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(db)
                .await
                .expect("insert the OpenStack product")
                .id
            }
        };
        Catalogue {
            configuration,
            openstack_product,
        }
    }

    /// A pricing plan billing in `currency`, found or made.
    pub async fn plan(db: &DatabaseConnection, currency: &str) -> i32 {
        if let Some(p) = pricing_plan::Entity::find()
            .filter(pricing_plan::Column::Currency.eq(currency))
            .order_by_asc(pricing_plan::Column::Id)
            .one(db)
            .await
            .expect("read pricing plans")
        {
            return p.id;
        }
        pricing_plan(db, &format!("Standard {currency}"), currency).await
    }
}

/// A new pricing plan named `name` billing in `currency`.
pub async fn pricing_plan(db: &DatabaseConnection, name: &str, currency: &str) -> i32 {
    pricing_plan::ActiveModel {
        name: Set(name.into()),
        description: Set(String::new()),
        is_default: Set(false),
        currency: Set(currency.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert a pricing plan")
    .id
}

/// A domain product selling `tlds` at `annual` (e.g. "12.50") a year, the same figure in
/// every billing currency: what "Register domain" needs.
pub async fn domain_product(
    db: &DatabaseConnection,
    name: &str,
    tlds: &[&str],
    annual: &str,
) -> i32 {
    let annual = Amount::new(annual.parse().expect("a price")).expect("a storable price");
    let id = product::ActiveModel {
        name: Set(name.into()),
        code: Set(format!("dom-{}", tlds.join("-"))),
        product_type: Set(ProductType::Domain),
        description: Set(format!("{name} registration")),
        enabled: Set(true),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert a domain product")
    .id;
    for currency in model::client_form::CURRENCIES {
        product_cycle::ActiveModel {
            product_id: Set(id),
            cycle: Set(BillingCycle::Annually),
            price: Set(annual),
            setup_fee: Set(Amount::from_units(0)),
            currency: Set((*currency).into()),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("insert a domain price");
    }
    for tld in tlds {
        product_tld::ActiveModel {
            tld: Set((*tld).into()),
            product_id: Set(id),
        }
        .insert(db)
        .await
        .expect("insert a TLD");
    }
    id
}

/// Another set of terms a client can be moved to (not the default).
pub async fn configuration(db: &DatabaseConnection, name: &str) -> i32 {
    Catalogue::ensure(db).await;
    new_configuration(db, name, false).await
}

async fn new_configuration(db: &DatabaseConnection, name: &str, is_default: bool) -> i32 {
    configuration::ActiveModel {
        name: Set(name.into()),
        description: Set(format!("{name} terms")),
        is_default: Set(is_default),
        credit_limit: Set(Amount::from_units(0)),
        auto_suspend: Set(false),
        suspend_after_days: Set(14),
        auto_terminate: Set(false),
        terminate_after_days: Set(60),
        invoice_due_days: Set(14),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert a configuration")
    .id
}

/// A customer's account (a portal user, no password) named `name`: someone staff can
/// associate with a client.
pub async fn customer(db: &DatabaseConnection, name: &str) -> i32 {
    account(db, name, "customer.test", None).await
}

/// A staff account named `name` with `role` (no password).
pub async fn staff_account(db: &DatabaseConnection, name: &str, role: StaffRole) -> i32 {
    account(db, name, "staff.test", Some(role)).await
}

async fn account(
    db: &DatabaseConnection,
    name: &str,
    domain: &str,
    role: Option<StaffRole>,
) -> i32 {
    user::ActiveModel {
        email: Set(format!(
            "{}@{domain}",
            name.to_lowercase().replace(' ', ".")
        )),
        full_name: Set(name.into()),
        password_hash: Set(None),
        is_staff: Set(role.is_some()),
        is_active: Set(true),
        created_at: Set(Utc::now()),
        staff_role: Set(role),
        must_change_password: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert a user")
    .id
}

/// A client group named `name` (groups are catalogue data: written directly).
pub async fn group(db: &DatabaseConnection, name: &str) -> i32 {
    client_group::ActiveModel {
        name: Set(name.into()),
        description: Set(String::new()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert a client group")
    .id
}

/// A client as staff would add one: `ClientBuilder::new("Acme").active().with_invoices(3)`.
/// By default a German company billed in EUR, taxed, with no services (Inactive).
pub struct ClientBuilder {
    form: ClientForm,
    active: bool,
    invoices: usize,
    created_on: Option<NaiveDate>,
}

impl ClientBuilder {
    pub fn new(company: &str) -> Self {
        let slug: String = company
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        ClientBuilder {
            form: ClientForm {
                company: company.into(),
                first_name: "Ada".into(),
                last_name: "Tester".into(),
                email: format!("{}@example.test", slug.trim_matches('-')),
                phone: "+49 30 1234567".into(),
                country: "DE".into(),
                city: "Berlin".into(),
                address1: "Hauptstr. 1".into(),
                zip_code: "10115".into(),
                currency: "EUR".into(),
                ..ClientForm::default()
            },
            active: false,
            invoices: 0,
            created_on: None,
        }
    }

    /// Billed from `country` (ISO code), which decides its tax rate.
    pub fn country(mut self, country: &str) -> Self {
        self.form.country = country.into();
        self
    }

    pub fn currency(mut self, currency: &str) -> Self {
        self.form.currency = currency.into();
        self
    }

    pub fn email(mut self, email: &str) -> Self {
        self.form.email = email.into();
        self
    }

    /// A member of the group `id` (see `group`).
    pub fn in_group(mut self, id: i32) -> Self {
        self.form.group_ids.push(id);
        self
    }

    pub fn tax_exempt(mut self) -> Self {
        self.form.tax_exempt = true;
        self
    }

    /// With an OpenStack service on a plan in its currency (and the project that comes with
    /// it): an Active client.
    pub fn active(mut self) -> Self {
        self.active = true;
        self
    }

    /// Created at noon (UTC) of `day` rather than now, as a client taken over from an older
    /// panel would be (the form has no such field: written directly once saved).
    pub fn created_on(mut self, day: NaiveDate) -> Self {
        self.created_on = Some(day);
        self
    }

    /// With `n` unpaid invoices of one item each (10.00 times the invoice's number).
    pub fn with_invoices(mut self, n: usize) -> Self {
        self.invoices = n;
        self
    }

    pub async fn build(self, db: &DatabaseConnection) -> client::Model {
        let catalogue = Catalogue::ensure(db).await;
        let mut form = self.form;
        form.configuration_id = catalogue.configuration;
        let currency = form.currency.clone();
        let id = client_form::save(db, &staff(), None, form)
            .await
            .expect("the client form accepts the builder's client");
        if self.active {
            let plan = Catalogue::plan(db, &currency).await;
            openstack::create(db, &staff(), id, plan)
                .await
                .expect("add an OpenStack service");
        }
        for n in 1..=self.invoices {
            let input = NewInvoice {
                items: vec![NewInvoiceItem {
                    description: format!("Cloud usage {n}"),
                    quantity: "1".into(),
                    unit_price: format!("{n}0.00"),
                }],
                due_date: String::new(),
            };
            invoices::create(db, &staff(), id, input)
                .await
                .expect("add an invoice");
        }
        if let Some(day) = self.created_on {
            client::Entity::update_many()
                .col_expr(
                    client::Column::CreatedAt,
                    Expr::value(day.and_hms_opt(12, 0, 0).expect("noon").and_utc()),
                )
                .filter(client::Column::Id.eq(id))
                .exec(db)
                .await
                .expect("date the client");
        }
        client::Entity::find_by_id(id)
            .one(db)
            .await
            .expect("read the client")
            .expect("the client was saved")
    }
}

/// The invoice paid through a payment gateway on `at`, as the gateway's callback records it
/// (the panel has no staff action for it, so it is written directly): the payment's journal
/// entry and the invoice marked paid, in one transaction.
pub async fn pay_by_gateway(db: &DatabaseConnection, invoice_id: i32, at: DateTime<Utc>) -> i32 {
    let txn = db.begin().await.expect("begin");
    let inv = invoice::Entity::find_by_id(invoice_id)
        .one(&txn)
        .await
        .expect("read the invoice")
        .expect("the invoice exists");
    let entry = journal_entry::ActiveModel {
        client_id: Set(inv.client_id),
        invoice_id: Set(Some(inv.id)),
        entry_date: Set(at),
        source: Set(JournalAccount::Gateway),
        destination: Set(JournalAccount::Invoice),
        gateway: Set(Some("Stripe".into())),
        amount: Set(inv.total),
        currency: Set(inv.currency.clone()),
        description: Set(format!("Payment for invoice {}", inv.number)),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .expect("insert the payment")
    .id;
    let mut paid: invoice::ActiveModel = inv.into();
    paid.status = Set(InvoiceStatus::Paid);
    paid.paid_at = Set(Some(at));
    paid.update(&txn).await.expect("mark the invoice paid");
    txn.commit().await.expect("commit");
    entry
}
