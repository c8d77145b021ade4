//! Creating and editing clients: valid forms are stored with their groups (and the group sort
//! key), invalid ones are refused field by field and write nothing.

use domain::entities::{client, client_group, client_group_member};
use domain::services::{client_form, clients};
use model::client_form::ClientForm;
use model::client_query::{ClientQuery, SortKey};
use model::{AppError, ClientStatus};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use test_support::{group, Catalogue, ClientBuilder};

fn actor() -> domain::audit::Actor {
    domain::audit::Actor {
        user_id: None,
        email: "staff@test".into(),
        bulk_run: None,
    }
}

async fn valid(db: &DatabaseConnection) -> ClientForm {
    let config = Catalogue::ensure(db).await.configuration;
    ClientForm {
        company: "  Zyx Test Widgets GmbH ".into(),
        first_name: "Greta".into(),
        last_name: "Quast".into(),
        email: "greta@zyx-widgets.test".into(),
        phone: "+49 30 1234567".into(),
        country: "de".into(),
        city: "Berlin".into(),
        address1: "Hauptstr. 1".into(),
        zip_code: "10115".into(),
        currency: "eur".into(),
        configuration_id: config,
        tax_exempt: true,
        ..ClientForm::default()
    }
}

test_support::db_test!(creates_and_edits_a_client, |db| {
    // Two groups, and clients in them and in none, for the group sort.
    let first = client_group::Entity::find_by_id(group(db, "Agencies").await)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let last = client_group::Entity::find_by_id(group(db, "Resellers").await)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let (first, last) = (&first, &last);
    ClientBuilder::new("Alpha Agency")
        .in_group(first.id)
        .build(db)
        .await;
    ClientBuilder::new("Loner Ltd").build(db).await;

    let mut form = valid(db).await;
    form.group_ids = vec![last.id, first.id, last.id];
    let id = client_form::save(db, &actor(), None, form).await.unwrap();

    let row = client::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.company, "Zyx Test Widgets GmbH");
    assert_eq!(row.country, "DE");
    assert_eq!(row.currency, "EUR");
    assert_eq!(row.status, ClientStatus::Inactive);
    assert!(row.tax_exempt);
    assert_eq!(row.first_group_name.as_deref(), Some(first.name.as_str()));
    let loaded = client_form::load(db, id).await.unwrap();
    let mut want = vec![first.id, last.id];
    want.sort();
    assert_eq!(loaded.group_ids, want);

    // The dashboard finds it, with its groups.
    let found = clients::list(
        db,
        &ClientQuery {
            search: "zyx test".into(),
            ..ClientQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(found.clients.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
    assert_eq!(found.clients[0].groups.len(), 2);

    // Edit: new name, only the last group; the sort key follows.
    let mut edit = loaded.clone();
    edit.company = "Zyx Renamed".into();
    edit.group_ids = vec![last.id];
    edit.tax_exempt = false;
    assert_eq!(
        client_form::save(db, &actor(), Some(id), edit)
            .await
            .unwrap(),
        id
    );
    let row = client::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.company, "Zyx Renamed");
    assert!(!row.tax_exempt);
    assert_eq!(row.first_group_name.as_deref(), Some(last.name.as_str()));
    let members = client_group_member::Entity::find()
        .filter(client_group_member::Column::ClientId.eq(id))
        .count(db)
        .await
        .unwrap();
    assert_eq!(members, 1);

    // No groups: sorts last by group.
    let mut edit = client_form::load(db, id).await.unwrap();
    edit.group_ids.clear();
    client_form::save(db, &actor(), Some(id), edit)
        .await
        .unwrap();
    let row = client::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.first_group_name, None);
    let total = client::Entity::find().count(db).await.unwrap();
    let last_page = clients::list(
        db,
        &ClientQuery {
            sort: SortKey::Group,
            page: total.div_ceil(12),
            per_page: 12,
            ..ClientQuery::default()
        },
    )
    .await
    .unwrap();
    // The newest id is the largest, and ties break by id: it is the very last.
    assert_eq!(last_page.clients.last().unwrap().id, id);

    assert!(matches!(
        client_form::save(db, &actor(), Some(999_999), valid(db).await).await,
        Err(AppError::NotFound(_))
    ));
});

test_support::db_test!(refuses_bad_input_and_writes_nothing, |db| {
    ClientBuilder::new("Already Here").build(db).await;
    let before = client::Entity::find().count(db).await.unwrap();
    let ok = valid(db).await;
    let cases: Vec<(&str, ClientForm)> = vec![
        (
            "company",
            ClientForm {
                company: " ".into(),
                first_name: "".into(),
                last_name: "".into(),
                ..ok.clone()
            },
        ),
        (
            "first_name",
            ClientForm {
                first_name: "  ".into(),
                ..ok.clone()
            },
        ),
        (
            "last_name",
            ClientForm {
                last_name: "".into(),
                ..ok.clone()
            },
        ),
        (
            "email",
            ClientForm {
                email: "not-an-email".into(),
                ..ok.clone()
            },
        ),
        (
            "email",
            ClientForm {
                email: "".into(),
                ..ok.clone()
            },
        ),
        (
            "country",
            ClientForm {
                country: "XX".into(),
                ..ok.clone()
            },
        ),
        (
            "currency",
            ClientForm {
                currency: "BTC".into(),
                ..ok.clone()
            },
        ),
        (
            "configuration_id",
            ClientForm {
                configuration_id: 987_654,
                ..ok.clone()
            },
        ),
        (
            "group_ids",
            ClientForm {
                group_ids: vec![987_654],
                ..ok.clone()
            },
        ),
        (
            "city",
            ClientForm {
                city: "x".repeat(300),
                ..ok.clone()
            },
        ),
    ];
    for (field, form) in cases {
        let err = client_form::save(db, &actor(), None, form)
            .await
            .unwrap_err();
        assert!(err.field(field).is_some(), "{field}: {err:?}");
        assert_eq!(err.status(), 422);
    }
    // Several problems at once: one message each.
    let err = client_form::save(
        db,
        &actor(),
        None,
        ClientForm {
            email: "x@".into(),
            country: "ZZ".into(),
            first_name: "".into(),
            ..ok.clone()
        },
    )
    .await
    .unwrap_err();
    for f in ["email", "country", "first_name"] {
        assert!(err.field(f).is_some(), "{f}");
    }
    assert_eq!(client::Entity::find().count(db).await.unwrap(), before);

    // An edit refused leaves the client as it was.
    let existing = client::Entity::find().one(db).await.unwrap().unwrap();
    let mut bad = client_form::load(db, existing.id).await.unwrap();
    bad.company = "Changed".into();
    bad.country = "QQ".into();
    assert!(client_form::save(db, &actor(), Some(existing.id), bad)
        .await
        .is_err());
    let again = client::Entity::find_by_id(existing.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.company, existing.company);
});
