//! The dashboard search finds a client by its identifiers, on SQLite and PostgreSQL: an
//! instance's IPv4, an instance's or project's OpenStack UUID (or its first 8+ characters),
//! any of its users' e-mails, its VAT ID and an invoice number; the card says which matched.

mod support;

use chrono::Utc;
use domain::entities::{client, user};
use domain::services::{client_users, clients, invoices};
use model::client::ClientPage;
use model::client_query::ClientQuery;
use model::client_search::{Matched, MatchedField};
use model::{ClientStatus, Role};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use support::resources::{InstanceBuilder, ProjectBuilder};
use support::*;

async fn set_vat_id(db: &DatabaseConnection, client_id: i32, vat_id: &str) {
    let mut c: client::ActiveModel = client_row(db, client_id).await.unwrap().into();
    c.vat_id = Set(Some(vat_id.into()));
    c.update(db).await.unwrap();
}

/// A user (stored lower-cased, as every user is) acting for the client.
async fn user_of(db: &DatabaseConnection, client_id: i32, email: &str) {
    let u = user::ActiveModel {
        email: Set(email.into()),
        full_name: Set("Pat User".into()),
        password_hash: Set(None),
        is_staff: Set(false),
        is_active: Set(true),
        created_at: Set(Utc::now()),
        last_login_at: Set(None),
        staff_role: Set(None),
        must_change_password: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    client_users::associate(db, &staff(), client_id, u.id, vec![Role::Owner])
        .await
        .unwrap();
}

/// The client's first invoice's number.
async fn invoice_for(db: &DatabaseConnection, client_id: i32) -> String {
    let c = client_row(db, client_id).await.unwrap();
    let line = invoices::Line {
        service_id: None,
        description: "Consulting".into(),
        quantity: Decimal::ONE,
        unit_price: Decimal::new(1250, 2),
    };
    invoices::insert(db, &c, &[line], None)
        .await
        .unwrap()
        .number
}

async fn search_page(db: &DatabaseConnection, q: ClientQuery) -> ClientPage {
    let page = clients::list(db, &q).await.unwrap();
    // What the header counts is what the list shows.
    assert_eq!(page.total, page.clients.len() as u64, "{q:?}");
    page
}

/// The clients the search finds, with what matched.
async fn search(db: &DatabaseConnection, text: &str) -> Vec<(i32, Option<Matched>)> {
    let q = ClientQuery {
        search: text.into(),
        ..ClientQuery::default()
    };
    let page = search_page(db, q).await;
    let counted: u64 = page.status_totals.iter().map(|(_, n)| n).sum();
    assert_eq!(counted, page.total, "{text}");
    page.clients
        .into_iter()
        .map(|c| (c.id, c.matched))
        .collect()
}

fn by(field: MatchedField, value: &str) -> Option<Matched> {
    Some(Matched {
        field,
        value: value.into(),
    })
}

const ACME_PROJECT: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const DECOY_PROJECT: &str = "a1b2c3d5e5f60718293a4b5c6d7e8f90";
const ACME_INSTANCE: &str = "5e0c9a47-1f2b-4c3d-8e9f-0a1b2c3d4e5f";
const DECOY_INSTANCE: &str = "5e0c9a40-1f2b-4c3d-8e9f-0a1b2c3d4e5f";

/// A project of `client` (OpenStack ID `project`) with one instance (`instance`, at `ip`).
async fn instance_at(
    db: &DatabaseConnection,
    client: i32,
    project: &str,
    instance: &str,
    ip: &str,
) {
    let p = ProjectBuilder::new(client, "p")
        .openstack_id(project)
        .create(db)
        .await;
    InstanceBuilder::new(p.id, "web-1")
        .openstack_id(instance)
        .ipv4(ip)
        .create(db)
        .await;
}

test_support::db_test!(
    each_identifier_finds_its_client_and_says_which_matched,
    |db| {
        catalogue(db).await;
        let acme = new_client(db, "Acme Search").await;
        let decoy = new_client(db, "Decoy Hosting").await;

        instance_at(db, acme, ACME_PROJECT, ACME_INSTANCE, "10.0.3.7").await;
        instance_at(db, decoy, DECOY_PROJECT, DECOY_INSTANCE, "10.0.3.70").await;
        user_of(db, acme, "owner@acme.test").await;
        user_of(db, acme, "ops@acme.test").await;
        user_of(db, decoy, "ops@decoy.test").await;
        set_vat_id(db, acme, "DE 123 456 789").await;
        set_vat_id(db, decoy, "DE987654321").await;
        let acme_invoice = invoice_for(db, acme).await;
        let decoy_invoice = invoice_for(db, decoy).await;

        use MatchedField::*;
        // An instance's IP, exactly (10.0.3.7 is not 10.0.3.70).
        assert_eq!(
            search(db, "10.0.3.7").await,
            [(acme, by(InstanceIp, "10.0.3.7"))]
        );
        assert_eq!(
            search(db, " 10.0.3.70 ").await,
            [(decoy, by(InstanceIp, "10.0.3.70"))]
        );
        // An instance UUID, whole or its first 8 characters, in any case.
        assert_eq!(
            search(db, ACME_INSTANCE).await,
            [(acme, by(InstanceUuid, ACME_INSTANCE))]
        );
        assert_eq!(
            search(db, "5E0C9A47").await,
            [(acme, by(InstanceUuid, ACME_INSTANCE))]
        );
        // A project's ID, whole or its first 8 characters.
        assert_eq!(
            search(db, ACME_PROJECT).await,
            [(acme, by(ProjectUuid, ACME_PROJECT))]
        );
        assert_eq!(
            search(db, "A1B2C3D4").await,
            [(acme, by(ProjectUuid, ACME_PROJECT))]
        );
        // Seven characters are not looked up as a UUID: both projects start so, neither is found.
        assert!(search(db, "a1b2c3d").await.is_empty());
        assert!(search(db, "5e0c9a4").await.is_empty());
        // Any user's e-mail, in any case (the client's own e-mail is another address).
        assert_eq!(
            search(db, "OPS@Acme.test").await,
            [(acme, by(UserEmail, "ops@acme.test"))]
        );
        assert_eq!(
            search(db, "ops@decoy.test").await,
            [(decoy, by(UserEmail, "ops@decoy.test"))]
        );
        // The VAT ID, however it is spaced or cased.
        assert_eq!(
            search(db, "de123456789").await,
            [(acme, by(VatId, "DE 123 456 789"))]
        );
        assert_eq!(
            search(db, "DE 987.654.321").await,
            [(decoy, by(VatId, "DE987654321"))]
        );
        // An invoice number.
        assert_eq!(
            search(db, &acme_invoice).await,
            [(acme, by(InvoiceNumber, &acme_invoice))]
        );
        assert_eq!(
            search(db, &decoy_invoice.to_lowercase()).await,
            [(decoy, by(InvoiceNumber, &decoy_invoice))]
        );

        // Identifiers nobody has find nobody.
        for nothing in [
            "10.0.3.8",
            "ffffffff",
            "5e0c9a47-0000",
            "nobody@acme.test",
            "DE000000000",
            "INV-1999-000001",
        ] {
            assert!(search(db, nothing).await.is_empty(), "{nothing}");
        }

        // Names are found as before, with nothing to say about identifiers.
        assert_eq!(search(db, "acme").await, [(acme, None)]);
        assert_eq!(search(db, "hosting").await, [(decoy, None)]);
    }
);

test_support::db_test!(identifier_matches_obey_the_other_filters, |db| {
    catalogue(db).await;
    let acme = new_client(db, "Acme Search").await;
    instance_at(db, acme, ACME_PROJECT, ACME_INSTANCE, "10.0.3.7").await;
    let status = client_row(db, acme).await.unwrap().status;
    let other = ClientStatus::ALL
        .iter()
        .copied()
        .find(|s| *s != status)
        .unwrap();

    let page = search_page(
        db,
        ClientQuery {
            search: "10.0.3.7".into(),
            statuses: vec![other],
            ..ClientQuery::default()
        },
    )
    .await;
    assert!(page.clients.is_empty());
    // The status totals leave the status filter out: the match is counted under its status.
    for (s, n) in page.status_totals {
        assert_eq!(n, u64::from(s == status), "{s:?}");
    }

    let page = search_page(
        db,
        ClientQuery {
            search: "10.0.3.7".into(),
            statuses: vec![status],
            ..ClientQuery::default()
        },
    )
    .await;
    assert_eq!(page.clients[0].id, acme);
});
