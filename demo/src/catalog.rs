//! The shared catalogue every client refers to: configurations, groups, products and their
//! cycles in every billing currency, pricing plans, regions, flavors and hypervisors.

use super::random::hex32;
use super::{Batch, Ids};
use chrono::{DateTime, Duration, Utc};
use domain::entities::{
    client_group, configuration, flavor, hypervisor, pricing_plan, product, product_cycle,
    product_tld, region,
};
use domain::money::Amount;
use model::{BillingCycle, ProductType};
use rust_decimal::Decimal;

/// The demo's fixed rate from EUR for each billing currency (`model::client_form::CURRENCIES`,
/// in its order; a test keeps the two in step): (code, rate mantissa, rate scale).
pub(super) const CURRENCIES: &[(&str, i64, u32)] = &[
    ("EUR", 1, 0),
    ("USD", 108, 2),
    ("GBP", 85, 2),
    ("CHF", 94, 2),
    ("SEK", 112, 1),
    ("PLN", 43, 1),
    ("RON", 497, 2),
    ("AUD", 165, 2),
];

pub(super) fn currency_index(code: &str) -> usize {
    CURRENCIES.iter().position(|c| c.0 == code).unwrap_or(0)
}

fn fx(currency: usize) -> Decimal {
    let (_, m, s) = CURRENCIES[currency];
    Decimal::new(m, s)
}

/// A list price converted from EUR and rounded the way price lists are (4.99 stays x.99).
pub(super) fn convert_price(eur_cents: i64, currency: usize) -> Decimal {
    if eur_cents == 0 {
        return Decimal::ZERO;
    }
    let v = Decimal::new(eur_cents, 2) * fx(currency);
    let v = if v >= Decimal::from(100) {
        v.round_dp(0)
    } else {
        v.round_dp(1)
    };
    if eur_cents % 100 == 99 {
        v - Decimal::new(1, 2)
    } else {
        v
    }
}

/// An amount given in whole EUR, in `currency`, rounded to a whole unit.
pub(super) fn convert_round(eur: i64, currency: usize) -> Decimal {
    (Decimal::from(eur) * fx(currency)).round_dp(0)
}

/// Hourly rates are multiples of 0.0025 so that a multiple of 4 hours costs whole cents.
fn snap_rate(v: Decimal) -> Decimal {
    let step = Decimal::new(25, 4);
    ((v / step).round() * step).max(step)
}

pub(super) struct ConfigDef {
    name: &'static str,
    description: &'static str,
    credit_limit_eur: i64,
    auto_suspend: bool,
    suspend_after_days: i32,
    auto_terminate: bool,
    terminate_after_days: i32,
    pub due_days: i32,
}

// Indexes into CONFIGS used by the client generator.
pub(super) const CFG_DEFAULT: usize = 0;
pub(super) const CFG_PREPAID: usize = 1;
pub(super) const CFG_ENTERPRISE: usize = 2;
pub(super) const CFG_RESELLER: usize = 3;

pub(super) static CONFIGS: &[ConfigDef] = &[
    ConfigDef {
        name: "Default",
        description:
            "Standard terms: invoices due in 14 days, suspension a week after the due date",
        credit_limit_eur: 0,
        auto_suspend: true,
        suspend_after_days: 7,
        auto_terminate: false,
        terminate_after_days: 0,
        due_days: 14,
    },
    ConfigDef {
        name: "Prepaid cloud",
        description: "Pay-as-you-go cloud paid from credit; suspended as soon as credit runs out",
        credit_limit_eur: 0,
        auto_suspend: true,
        suspend_after_days: 0,
        auto_terminate: true,
        terminate_after_days: 30,
        due_days: 7,
    },
    ConfigDef {
        name: "Enterprise (net 30)",
        description: "Postpaid with a credit line; never suspended automatically",
        credit_limit_eur: 10_000,
        auto_suspend: false,
        suspend_after_days: 0,
        auto_terminate: false,
        terminate_after_days: 0,
        due_days: 30,
    },
    ConfigDef {
        name: "Reseller",
        description: "Resellers billing their own customers; 30 days to pay",
        credit_limit_eur: 2_500,
        auto_suspend: true,
        suspend_after_days: 30,
        auto_terminate: false,
        terminate_after_days: 0,
        due_days: 30,
    },
];

// Indexes into GROUPS; sorted by name so the first group is the smallest index.
pub(super) const GRP_EDUCATION: usize = 0;
pub(super) const GRP_ENTERPRISE: usize = 1;
pub(super) const GRP_NON_PROFIT: usize = 2;
pub(super) const GRP_RESELLERS: usize = 3;

/// (name, description, weight when picking groups for a client).
pub(super) static GROUPS: &[(&str, &str, u32)] = &[
    (
        "Education",
        "Universities and schools (academic discount)",
        10,
    ),
    (
        "Enterprise",
        "Large accounts with a dedicated account manager",
        18,
    ),
    ("Non-profit", "Registered charities and NGOs", 8),
    ("Resellers", "Partners reselling our services", 14),
    ("Startups", "Startup programme participants", 30),
    ("VIP", "Priority support and proactive monitoring", 20),
];

pub(super) struct ProductDef {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: ProductType,
    description: &'static str,
    enabled: bool,
    /// Relative weight among products of the same type.
    pub weight: u32,
    /// For domain products: the TLD sold ("" = the client's country TLD).
    pub tld: &'static str,
    /// (cycle, EUR price in cents, EUR setup fee in cents).
    cycles: &'static [(BillingCycle, i64, i64)],
}

/// The pay-as-you-go cloud: billed by usage, not by its (zero) cycle price.
pub(super) const PAYG_CODE: &str = "os-payg";

use BillingCycle::{Annually, Monthly, OneTime, Quarterly};
pub(super) static PRODUCTS: &[ProductDef] = &[
    ProductDef {
        code: PAYG_CODE,
        name: "OpenStack Public Cloud",
        kind: ProductType::Openstack,
        description: "Pay-as-you-go compute, storage and networking billed by the hour",
        enabled: true,
        weight: 85,
        tld: "",
        cycles: &[(Monthly, 0, 0)],
    },
    ProductDef {
        code: "os-reserved",
        name: "OpenStack Reserved Capacity",
        kind: ProductType::Openstack,
        description: "A dedicated resource pool with a fixed commitment",
        enabled: true,
        weight: 15,
        tld: "",
        cycles: &[(Monthly, 49_900, 0), (Annually, 499_000, 0)],
    },
    ProductDef {
        code: "dom-com",
        name: "Domain .com",
        kind: ProductType::Domain,
        description: "Registration and renewal of a .com domain",
        enabled: true,
        weight: 35,
        tld: "com",
        cycles: &[(Annually, 1_299, 0)],
    },
    ProductDef {
        code: "dom-cc",
        name: "Domain (country code)",
        kind: ProductType::Domain,
        description: "Registration of a country-code domain such as .de, .fr or .co.uk",
        enabled: true,
        weight: 35,
        tld: "",
        cycles: &[(Annually, 990, 0)],
    },
    ProductDef {
        code: "dom-eu",
        name: "Domain .eu",
        kind: ProductType::Domain,
        description: "Registration and renewal of a .eu domain",
        enabled: true,
        weight: 15,
        tld: "eu",
        cycles: &[(Annually, 899, 0)],
    },
    ProductDef {
        code: "dom-io",
        name: "Domain .io",
        kind: ProductType::Domain,
        description: "Registration and renewal of a .io domain",
        enabled: true,
        weight: 15,
        tld: "io",
        cycles: &[(Annually, 3_900, 0)],
    },
    ProductDef {
        code: "host-starter",
        name: "Web Hosting Starter",
        kind: ProductType::Hosting,
        description: "One website, 10 GB SSD, free SSL",
        enabled: true,
        weight: 40,
        tld: "",
        cycles: &[(Monthly, 499, 0), (Annually, 4_990, 0)],
    },
    ProductDef {
        code: "host-business",
        name: "Web Hosting Business",
        kind: ProductType::Hosting,
        description: "Unlimited websites, 100 GB SSD, daily backups",
        enabled: true,
        weight: 30,
        tld: "",
        cycles: &[
            (Monthly, 1_299, 0),
            (Quarterly, 3_699, 0),
            (Annually, 12_990, 0),
        ],
    },
    ProductDef {
        code: "host-wp",
        name: "Managed WordPress",
        kind: ProductType::Hosting,
        description: "WordPress with updates, staging and CDN managed for you",
        enabled: true,
        weight: 20,
        tld: "",
        cycles: &[(Monthly, 1_900, 2_900), (Annually, 19_000, 0)],
    },
    ProductDef {
        code: "host-classic",
        name: "Shared Hosting Classic",
        kind: ProductType::Hosting,
        description: "Legacy shared hosting plan, no longer sold",
        enabled: false,
        weight: 10,
        tld: "",
        cycles: &[(Monthly, 399, 0)],
    },
    ProductDef {
        code: "gen-backup",
        name: "Managed Backup",
        kind: ProductType::Generic,
        description: "Nightly off-site backups with 30-day retention",
        enabled: true,
        weight: 30,
        tld: "",
        cycles: &[(Monthly, 900, 0), (Annually, 9_000, 0)],
    },
    ProductDef {
        code: "gen-support",
        name: "Premium Support",
        kind: ProductType::Generic,
        description: "24/7 support with a one-hour response time",
        enabled: true,
        weight: 15,
        tld: "",
        cycles: &[(Monthly, 14_900, 0), (Annually, 149_000, 0)],
    },
    ProductDef {
        code: "gen-ipv4",
        name: "Additional IPv4 Address",
        kind: ProductType::Generic,
        description: "One extra public IPv4 address",
        enabled: true,
        weight: 25,
        tld: "",
        cycles: &[(Monthly, 250, 0)],
    },
    ProductDef {
        code: "gen-ssl",
        name: "SSL Certificate (OV)",
        kind: ProductType::Generic,
        description: "Organisation-validated TLS certificate",
        enabled: true,
        weight: 20,
        tld: "",
        cycles: &[(Annually, 4_900, 0)],
    },
    ProductDef {
        code: "gen-migration",
        name: "Migration Service",
        kind: ProductType::Generic,
        description: "We move your sites and servers for you",
        enabled: true,
        weight: 10,
        tld: "",
        cycles: &[(OneTime, 25_000, 0)],
    },
];

/// (name, description, currency, price factor in percent, default?).
static PLANS: &[(&str, &str, &str, i64, bool)] = &[
    (
        "Standard",
        "List prices for cloud resources",
        "EUR",
        100,
        true,
    ),
    (
        "Standard USD",
        "List prices for cloud resources in US dollars",
        "USD",
        100,
        false,
    ),
    (
        "Reseller",
        "Cloud resources 20 % below list price",
        "EUR",
        80,
        false,
    ),
];
pub(super) const PLAN_STANDARD: usize = 0;
pub(super) const PLAN_USD: usize = 1;
pub(super) const PLAN_RESELLER: usize = 2;

/// (name, description, hypervisor count, first two octets of its public addresses).
pub(super) static REGIONS: &[(&str, &str, usize, [u8; 2])] = &[
    ("fra1", "Frankfurt, Germany", 3, [185, 97]),
    ("ams1", "Amsterdam, Netherlands", 3, [94, 142]),
    ("zrh1", "Zürich, Switzerland", 2, [194, 56]),
    ("nyc1", "New York, United States", 2, [104, 218]),
];

pub(super) struct FlavorDef {
    pub name: &'static str,
    vcpus: i32,
    ram_mb: i32,
    pub disk_gb: i32,
    /// EUR per hour, in ten-thousandths.
    rate: i64,
    pub weight: u32,
}

pub(super) static FLAVORS: &[FlavorDef] = &[
    FlavorDef {
        name: "c1.tiny",
        vcpus: 1,
        ram_mb: 1024,
        disk_gb: 10,
        rate: 50,
        weight: 12,
    },
    FlavorDef {
        name: "c1.small",
        vcpus: 1,
        ram_mb: 2048,
        disk_gb: 20,
        rate: 100,
        weight: 22,
    },
    FlavorDef {
        name: "c1.medium",
        vcpus: 2,
        ram_mb: 4096,
        disk_gb: 40,
        rate: 200,
        weight: 25,
    },
    FlavorDef {
        name: "c1.large",
        vcpus: 4,
        ram_mb: 8192,
        disk_gb: 80,
        rate: 400,
        weight: 16,
    },
    FlavorDef {
        name: "c1.xlarge",
        vcpus: 8,
        ram_mb: 16384,
        disk_gb: 160,
        rate: 800,
        weight: 8,
    },
    FlavorDef {
        name: "m1.large",
        vcpus: 4,
        ram_mb: 32768,
        disk_gb: 80,
        rate: 700,
        weight: 8,
    },
    FlavorDef {
        name: "m1.xlarge",
        vcpus: 8,
        ram_mb: 65536,
        disk_gb: 160,
        rate: 1400,
        weight: 5,
    },
    FlavorDef {
        name: "g1.xlarge",
        vcpus: 8,
        ram_mb: 65536,
        disk_gb: 200,
        rate: 9500,
        weight: 4,
    },
];

pub(super) struct CycleInfo {
    pub cycle: BillingCycle,
    /// Per currency (see CURRENCIES): (product_cycles.id, price, setup fee).
    pub prices: Vec<(i32, Decimal, Decimal)>,
}

pub(super) struct ProductInfo {
    pub id: i32,
    pub def: &'static ProductDef,
    pub cycles: Vec<CycleInfo>,
}

pub(super) struct RegionInfo {
    pub id: i32,
    pub name: &'static str,
    pub hypervisors: Vec<i32>,
    pub ip_prefix: [u8; 2],
}

/// What the client generator needs to know about the catalogue.
pub(super) struct Catalog {
    pub configs: Vec<i32>,
    pub groups: Vec<i32>,
    pub products: Vec<ProductInfo>,
    pub plans: Vec<i32>,
    pub regions: Vec<RegionInfo>,
    pub flavors: Vec<i32>,
    /// Hourly rate per [plan][currency][flavor].
    pub rates: Vec<Vec<Vec<Decimal>>>,
    /// Keystone domains projects live in; the first is the default one.
    pub project_domains: Vec<String>,
    /// The standard tax rates (the database's, as invoicing reads them).
    pub taxes: domain::services::tax::TaxTable,
}

impl Catalog {
    /// Products of one type, for weighted picks.
    pub fn of_kind(&self, kind: ProductType) -> impl Iterator<Item = (usize, &ProductInfo)> {
        self.products
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.def.kind == kind)
    }
}

fn amount(d: Decimal) -> Amount {
    Amount::new(d).expect("catalogue prices have two decimals and are small")
}

/// Builds the catalogue rows into `batch` and returns what clients refer to.
pub(super) fn build(
    rng: &mut fastrand::Rng,
    now: DateTime<Utc>,
    ids: &mut Ids,
    batch: &mut Batch,
) -> Catalog {
    // The catalogue predates every client (clients span about three years).
    let launch = now - Duration::days(3 * 365 + 60);
    let at = |rng: &mut fastrand::Rng| launch + Duration::seconds(rng.i64(0..30 * 86_400));

    let configs = CONFIGS
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let id = ids.configuration.take();
            batch.configurations.push(configuration::Model {
                id,
                name: c.name.to_owned(),
                description: c.description.to_owned(),
                is_default: i == CFG_DEFAULT,
                credit_limit: Amount::new(Decimal::from(c.credit_limit_eur)).unwrap_or_default(),
                auto_suspend: c.auto_suspend,
                suspend_after_days: c.suspend_after_days,
                auto_terminate: c.auto_terminate,
                terminate_after_days: c.terminate_after_days,
                invoice_due_days: c.due_days,
                created_at: at(rng),
            });
            id
        })
        .collect();

    let groups = GROUPS
        .iter()
        .map(|(name, description, _)| {
            let id = ids.client_group.take();
            batch.client_groups.push(client_group::Model {
                id,
                name: (*name).to_owned(),
                description: (*description).to_owned(),
                created_at: at(rng),
            });
            id
        })
        .collect();

    let products = PRODUCTS
        .iter()
        .map(|def| {
            let id = ids.product.take();
            batch.products.push(product::Model {
                id,
                name: def.name.to_owned(),
                code: def.code.to_owned(),
                product_type: def.kind,
                description: def.description.to_owned(),
                enabled: def.enabled,
                created_at: at(rng),
            });
            // What each domain product sells: its TLD, or every demo country's own that no
            // other product sells (the US's is .com).
            if def.kind == ProductType::Domain {
                let tlds: Vec<&str> = if def.tld.is_empty() {
                    let mut cc: Vec<&str> = super::words::COUNTRIES
                        .iter()
                        .map(|c| c.tld)
                        .filter(|t| !PRODUCTS.iter().any(|p| p.tld == *t))
                        .collect();
                    cc.sort_unstable();
                    cc.dedup();
                    cc
                } else {
                    vec![def.tld]
                };
                batch
                    .product_tlds
                    .extend(tlds.into_iter().map(|tld| product_tld::Model {
                        tld: tld.to_owned(),
                        product_id: id,
                    }));
            }
            let cycles = def
                .cycles
                .iter()
                .map(|&(cycle, price, setup)| {
                    let prices = CURRENCIES
                        .iter()
                        .enumerate()
                        .map(|(ci, (code, _, _))| {
                            let cid = ids.product_cycle.take();
                            let (p, s) = (convert_price(price, ci), convert_price(setup, ci));
                            batch.product_cycles.push(product_cycle::Model {
                                id: cid,
                                product_id: id,
                                cycle,
                                price: amount(p),
                                setup_fee: amount(s),
                                currency: (*code).to_owned(),
                            });
                            (cid, p, s)
                        })
                        .collect();
                    CycleInfo { cycle, prices }
                })
                .collect();
            ProductInfo { id, def, cycles }
        })
        .collect();

    let plans = PLANS
        .iter()
        .map(|(name, description, currency, _, is_default)| {
            let id = ids.pricing_plan.take();
            batch.pricing_plans.push(pricing_plan::Model {
                id,
                name: (*name).to_owned(),
                description: (*description).to_owned(),
                is_default: *is_default,
                currency: (*currency).to_owned(),
                created_at: at(rng),
            });
            id
        })
        .collect();

    let regions = REGIONS
        .iter()
        .map(|(name, description, hosts, ip_prefix)| {
            let id = ids.region.take();
            batch.regions.push(region::Model {
                id,
                name: (*name).to_owned(),
                description: (*description).to_owned(),
            });
            let hypervisors = (1..=*hosts)
                .map(|n| {
                    let hid = ids.hypervisor.take();
                    batch.hypervisors.push(hypervisor::Model {
                        id: hid,
                        hostname: format!("{name}-cmp-{n:02}"),
                        region_id: id,
                    });
                    hid
                })
                .collect();
            RegionInfo {
                id,
                name,
                hypervisors,
                ip_prefix: *ip_prefix,
            }
        })
        .collect();

    let flavors = FLAVORS
        .iter()
        .map(|f| {
            let id = ids.flavor.take();
            batch.flavors.push(flavor::Model {
                id,
                name: f.name.to_owned(),
                vcpus: f.vcpus,
                ram_mb: f.ram_mb,
                disk_gb: f.disk_gb,
            });
            id
        })
        .collect();

    let rates = PLANS
        .iter()
        .map(|plan| {
            (0..CURRENCIES.len())
                .map(|ci| {
                    FLAVORS
                        .iter()
                        .map(|f| snap_rate(Decimal::new(f.rate * plan.3, 6) * fx(ci)))
                        .collect()
                })
                .collect()
        })
        .collect();

    let project_domains = (0..3).map(|_| hex32(rng)).collect();

    Catalog {
        configs,
        groups,
        products,
        plans,
        regions,
        flavors,
        rates,
        project_domains,
        taxes: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_convert_to_price_list_endings() {
        assert_eq!(convert_price(499, 0), Decimal::new(499, 2));
        assert_eq!(convert_price(499, 1), Decimal::new(539, 2)); // 5.3892 -> 5.39
        assert_eq!(convert_price(14_900, 4), Decimal::from(1669)); // SEK
        assert_eq!(convert_price(0, 3), Decimal::ZERO);
    }

    #[test]
    fn every_billing_currency_has_a_rate() {
        let codes: Vec<&str> = CURRENCIES.iter().map(|c| c.0).collect();
        assert_eq!(codes, model::client_form::CURRENCIES);
    }

    #[test]
    fn rates_are_multiples_of_a_quarter_cent() {
        let step = Decimal::new(25, 4);
        for v in ["0.0040", "0.0001", "1.0269"] {
            let r = snap_rate(v.parse().unwrap());
            assert!(r >= step && (r / step).fract().is_zero(), "{v} -> {r}");
        }
    }
}
