//! Property test: whatever arrives in the query string, the path parameters or the body, every
//! page and every server function answers 2xx, 3xx or 4xx with a body that completes within a
//! second. Deterministic: a fixed seed, plus a table of values that broke things before.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request};
use common::*;
use domain::entities::project;
use domain::services::{bulk, credit, domains, tickets};
use model::bulk::{BulkAction, BulkRequest};
use model::cloud::ResourceKind;
use model::credit::{CreditInput, Direction};
use model::selection::Selection;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::{Duration, Instant};
use test_support::{domain_product, group, pay_by_gateway, ClientBuilder, Engine};

const SEED: u64 = 0x7275_7374_2d66_757a;
/// Each answer, body included.
const ANSWER_LIMIT: Duration = Duration::from_secs(1);

/// Values that have broken parsers, offsets, dates and encoders somewhere.
fn hostile() -> Vec<String> {
    let mut v: Vec<String> = [
        "18446744073709551615",
        "18446744073709551616",
        "9223372036854775807",
        "9223372036854775808",
        "2147483647",
        "2147483648",
        "-2147483649",
        "-1",
        "0",
        "-0",
        "1e309",
        "-1e309",
        "NaN",
        "inf",
        "0x10",
        "1.5",
        "",
        " ",
        "null",
        "true",
        "[]",
        "{}",
        "\"",
        "'",
        "<script>alert(1)</script>",
        "é𝄞😀\u{202e}",
        "\u{0}",
        "%00",
        "%FF",
        "%",
        "%%",
        "\r\nSet-Cookie: x=1",
        "a[b][c]",
        "[[[[[[[[]]]]]]]]",
        "../../etc/passwd",
        "+262142-12-31",
        "-262143-01-01",
        "2024-02-30",
        "99999-01-01",
        "active",
        "list",
        "credit",
        "desc",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    // Long, yet a query of many of them stays under the 64 KiB URI limit (bodies get longer).
    v.push("A".repeat(3_000));
    v.push("9".repeat(400));
    v
}

/// Keys the pages and functions read, and some they do not.
const KEYS: &[&str] = &[
    "page",
    "per_page",
    "q",
    "from",
    "to",
    "status",
    "configuration",
    "group",
    "region",
    "flavor",
    "hypervisor",
    "product",
    "service_type",
    "tax_exempt",
    "billing_agreement",
    "has_services",
    "has_instances",
    "sort",
    "dir",
    "view",
    "kind",
    "tab",
    "id",
    "client_id",
    "invoice_id",
    "service_id",
    "user_id",
    "query",
    "input",
    "email",
    "password",
    "roles",
    "items",
    "due_date",
    "years",
    "query[page]",
    "query[per_page]",
    "input[items][0][quantity]",
    "x",
    "",
];

struct Gen {
    rng: fastrand::Rng,
    hostile: Vec<String>,
}

impl Gen {
    fn value(&mut self) -> String {
        match self.rng.u8(..4) {
            0 => self.rng.u64(..).to_string(),
            1 => self.rng.i32(..).to_string(),
            2 => (0..self.rng.usize(..12))
                .map(|_| self.rng.char(..))
                .collect(),
            _ => self.hostile[self.rng.usize(..self.hostile.len())].clone(),
        }
    }

    fn key(&mut self) -> &'static str {
        KEYS[self.rng.usize(..KEYS.len())]
    }

    /// `k=v&k=v...`, keys repeated at random, values percent-encoded or, when that is
    /// still a valid URI, sent raw (so `%00`, `%FF` and stray `%` arrive undecoded).
    fn query(&mut self) -> String {
        let n = self.rng.usize(1..8);
        let mut pairs = Vec::new();
        for _ in 0..n {
            let (k, v) = (self.key(), self.value());
            let raw_ok = v
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%+,;=:@/!$*()".contains(&b));
            let v = if raw_ok && self.rng.bool() {
                v
            } else {
                enc(&v)
            };
            pairs.push(format!("{}={v}", enc(k)));
            if self.rng.u8(..5) == 0 {
                pairs.push(pairs[pairs.len() - 1].clone());
            }
        }
        pairs.join("&")
    }

    fn json_value(&mut self, depth: u32) -> String {
        match self.rng.u8(..10) {
            0 => "18446744073709551615".into(),
            1 => "-1".into(),
            2 => "1e309".into(),
            3 => "NaN".into(),
            4 => "null".into(),
            5 => format!("{:?}", self.value()),
            6 => format!("{}{}", "[".repeat(200), "]".repeat(200)),
            7 if depth < 3 => self.json_object(depth + 1),
            8 if depth < 3 => format!(
                "[{}, {}]",
                self.json_value(depth + 1),
                self.json_value(depth + 1)
            ),
            _ => self.rng.i64(..).to_string(),
        }
    }

    fn json_object(&mut self, depth: u32) -> String {
        let n = self.rng.usize(..5);
        let fields: Vec<String> = (0..n)
            .map(|_| format!("{:?}: {}", self.key(), self.json_value(depth)))
            .collect();
        format!("{{{}}}", fields.join(", "))
    }
}

fn post(uri: &str, content_type: &str, body: String, cookie: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::HOST, "localhost")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

/// The route with each `{param}` replaced by `value` (percent-encoded).
fn fill(path: &str, value: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                enc(value)
            } else {
                seg.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A client with a row behind every route that takes an id: what `fill_real` names.
struct Story {
    client: i32,
    invoice: i32,
    journal_entry: i32,
    service: i32,
    project: i32,
    resources: Resources,
    domain: i32,
    ticket: i32,
    bulk_run: i32,
}

impl Story {
    /// Acme, active (an OpenStack service and its project, a resource of every kind in it),
    /// with a domain registered (its service and invoice, the invoice paid), credit added, a
    /// ticket, and a bulk run that added it to a group.
    async fn build(db: &sea_orm::DatabaseConnection) -> Story {
        let staff = test_staff();
        let acme = ClientBuilder::new("Acme").active().build(db).await;
        let project = project::Entity::find()
            .filter(project::Column::ClientId.eq(acme.id))
            .one(db)
            .await
            .unwrap()
            .expect("the active client's project");
        let resources = resources(db, project.id, "acme").await;
        domain_product(db, "Domain .fuzz", &["fuzz"], "12.00").await;
        let registration = domains::register(db, &staff, acme.id, "acme", "fuzz", 1)
            .await
            .unwrap();
        let journal_entry = pay_by_gateway(db, registration.invoice_id, chrono::Utc::now()).await;
        credit::apply(
            db,
            &staff,
            acme.id,
            CreditInput {
                direction: Direction::Add,
                amount: "25".into(),
                currency: acme.currency.clone(),
                reason: "Goodwill".into(),
            },
        )
        .await
        .unwrap();
        let ticket = tickets::open(db, &staff, acme.id, "Slow disks", "technical", "Hello")
            .await
            .unwrap();
        let fuzzed = group(db, "Fuzzed").await;
        let bulk_run = bulk::start(
            db,
            &staff,
            &BulkRequest {
                selection: Selection::Picked([acme.id].into()),
                action: BulkAction::AddToGroup { group_id: fuzzed },
                confirm: None,
            },
        )
        .await
        .unwrap();
        Story {
            client: acme.id,
            invoice: registration.invoice_id,
            journal_entry,
            service: registration.service_id,
            project: project.id,
            resources,
            domain: registration.domain_id,
            ticket,
            bulk_run,
        }
    }

    /// The row the `{id}` of `path` names (of `kind` under `/staff/cloud/{kind}/{id}`).
    fn id(&self, path: &str, kind: ResourceKind) -> i32 {
        let under = |prefix: &str| path.starts_with(prefix);
        if under("/staff/clients/") {
            self.client
        } else if under("/staff/billing/invoices/") {
            self.invoice
        } else if under("/staff/billing/journal/") {
            self.journal_entry
        } else if under("/staff/billing/services/") {
            self.service
        } else if under("/staff/cloud/projects/") {
            self.project
        } else if under("/staff/cloud/") {
            self.resources.id(kind)
        } else if under("/staff/domains/") {
            self.domain
        } else if under("/staff/support/tickets/") {
            self.ticket
        } else if under("/staff/bulk/") {
            self.bulk_run
        } else {
            panic!("{path}: give the story a row for this route's id")
        }
    }
}

/// The route with real parameters: the story's row, and the `n`th tab or kind.
fn fill_real(path: &str, n: usize, story: &Story) -> String {
    const TABS: &[&str] = &[
        "overview",
        "invoices",
        "journal",
        "openstack",
        "users",
        "configuration",
        "resources",
        "services",
        "domains",
        "tickets",
        "activity",
    ];
    let kind = ResourceKind::ALL[n % ResourceKind::ALL.len()];
    path.split('/')
        .map(|seg| match seg {
            "{tab}" => TABS[n % TABS.len()].to_owned(),
            "{kind}" => kind.slug().to_owned(),
            s if s.starts_with('{') => story.id(path, kind).to_string(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn check(app: &App, req: Request<Body>, failures: &mut Vec<String>) {
    let what = format!("{} {}", req.method(), req.uri());
    let what = what.chars().take(300).collect::<String>();
    match tokio::time::timeout(ANSWER_LIMIT, app.send(req)).await {
        Err(_) => failures.push(format!(
            "{what}: no complete answer within {ANSWER_LIMIT:?}"
        )),
        Ok(r) if r.status.is_server_error() || r.status.is_informational() => {
            let body: String = r.body.chars().take(200).collect();
            failures.push(format!("{what}: {} {body}", r.status));
        }
        Ok(_) => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_and_server_function_survives_hostile_input() {
    let app = catalogue_app(Engine::Sqlite).await;
    let story = Story::build(&app.db.db).await;
    let staff = app.staff().await;
    let started = Instant::now();
    let mut gen = Gen {
        rng: fastrand::Rng::with_seed(SEED),
        hostile: hostile(),
    };
    let mut failures = Vec::new();
    let mut sent = 0usize;

    let routes = leptos_axum::generate_route_list(app::App);
    assert!(routes.len() > 10, "the route list is the app's");
    // The story backs every route that takes an id: with real parameters, each page is there
    // (every tab and every resource kind), so the hostile queries below reach real pages.
    for route in routes.iter().filter(|r| r.path().contains('{')) {
        for n in 0..11 {
            let uri = fill_real(route.path(), n, &story);
            let r = app.send(get(&uri, Some(&staff))).await;
            assert_eq!(r.status, axum::http::StatusCode::OK, "{uri}");
        }
    }
    for route in &routes {
        let path = route.path().to_owned();
        let has_params = path.contains('{');
        // Every hostile value in the path parameters; a real id in the others sometimes.
        let values: Vec<String> = if has_params {
            let mut v = gen.hostile.clone();
            v.extend(["1", "2", "overview", "invoices", "instances"].map(str::to_owned));
            v
        } else {
            vec![String::new()]
        };
        for value in values {
            let target = fill(&path, &value);
            let uri = format!("{target}?{}", gen.query());
            check(&app, get(&uri, Some(&staff)), &mut failures).await;
            sent += 1;
        }
        // Every hostile value as the page number and the filters of a page that exists.
        for (n, value) in gen.hostile.clone().iter().enumerate() {
            let v = enc(value);
            let uri = format!(
                "{}?page={v}&per_page={v}&from={v}&to={v}&status={v}&group={v}",
                fill_real(&path, n, &story)
            );
            check(&app, get(&uri, Some(&staff)), &mut failures).await;
            sent += 1;
        }
        for _ in 0..6 {
            let value = gen.value();
            let uri = format!("{}?{}", fill(&path, &value), gen.query());
            check(&app, get(&uri, Some(&staff)), &mut failures).await;
            sent += 1;
        }
    }

    let functions: Vec<(String, Method)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, m)| (p.to_owned(), m))
        // Signing out would end the session the rest of the run uses.
        .filter(|(p, _)| !p.contains("logout"))
        .collect();
    assert!(functions.len() > 10, "the server functions are registered");
    for (path, method) in &functions {
        for round in 0..8 {
            let query = gen.query();
            let req = if *method == Method::GET || round % 4 == 0 {
                get(&format!("{path}?{query}"), Some(&staff))
            } else if round % 2 == 0 {
                post(path, "application/x-www-form-urlencoded", query, &staff)
            } else {
                post(path, "application/json", gen.json_object(0), &staff)
            };
            check(&app, req, &mut failures).await;
            sent += 1;
        }
        // Raw hostile values as the whole body.
        let huge = format!("x={}", "é".repeat(200_000));
        for value in [
            "NaN",
            "\u{0}",
            "%FF",
            "{\"query\": {\"page\": 18446744073709551615}}",
            &huge,
        ] {
            check(
                &app,
                post(path, "application/json", value.into(), &staff),
                &mut failures,
            )
            .await;
            check(
                &app,
                post(
                    path,
                    "application/x-www-form-urlencoded",
                    value.into(),
                    &staff,
                ),
                &mut failures,
            )
            .await;
            sent += 2;
        }
    }

    eprintln!(
        "fuzz: {sent} requests in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    app.db.drop_db().await;
}
