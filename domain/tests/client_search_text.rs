//! Staff search clients by any part of a name, e-mail or phone in any case, accents included,
//! and get the same clients on SQLite and PostgreSQL (each through its trigram index,
//! migration 000017). A renamed client is found by its new name only; a deleted one is gone.

mod support;

use domain::entities::client;
use domain::services::{client_form, client_query};
use model::client_query::ClientQuery;
use sea_orm::{DatabaseConnection, EntityTrait};
use support::{catalogue, new_client, staff};

/// The companies the dashboard finds for `text`, sorted, with the total it shows.
async fn search(db: &DatabaseConnection, text: &str) -> (u64, Vec<String>) {
    let page = client_query::page(
        db,
        &ClientQuery::default().with(|q| q.search = text.to_owned()),
    )
    .await
    .unwrap();
    let mut names: Vec<String> = page.clients.iter().map(|c| c.company.clone()).collect();
    names.sort();
    (page.total, names)
}

fn found(names: &[&str]) -> (u64, Vec<String>) {
    (
        names.len() as u64,
        names.iter().map(|n| n.to_string()).collect(),
    )
}

test_support::db_test!(
    search_folds_case_and_accents_the_same_on_both_engines,
    |db| {
        catalogue(db).await;
        new_client(db, "Échelle Conseil").await;
        new_client(db, "Müller Hosting").await;
        new_client(db, "100% Cloud").await;
        new_client(db, "O\"Brien Labs").await;

        assert_eq!(search(db, "échelle").await, found(&["Échelle Conseil"]));
        assert_eq!(search(db, "ÉCHELLE").await, found(&["Échelle Conseil"]));
        assert_eq!(search(db, "chel").await, found(&["Échelle Conseil"]));
        assert_eq!(search(db, "MÜLLER").await, found(&["Müller Hosting"]));
        // Every test client is "Ada Tester": first and last names are searched too.
        assert_eq!(search(db, "tester").await.0, 4);
        // Two characters have no trigram: still found, by a scan of the keys.
        assert_eq!(
            search(db, "ll").await,
            found(&["Müller Hosting", "Échelle Conseil"])
        );
        // LIKE's wildcards and FTS5's quotes are plain characters.
        assert_eq!(search(db, "100%").await, found(&["100% Cloud"]));
        assert_eq!(search(db, "0%").await, found(&["100% Cloud"]));
        assert_eq!(search(db, "o\"brien").await, found(&["O\"Brien Labs"]));
        // A match never spans two fields (company "… Conseil", first name "Ada").
        assert_eq!(search(db, "conseil ada").await, found(&[]));
        assert_eq!(search(db, "nothing like it").await, found(&[]));
    }
);

test_support::db_test!(
    a_renamed_client_is_found_by_its_new_name_and_a_deleted_one_not_at_all,
    |db| {
        catalogue(db).await;
        let id = new_client(db, "Nimbus Labs").await;
        let gone = new_client(db, "Stratus Cloud").await;
        assert_eq!(search(db, "nimbus").await, found(&["Nimbus Labs"]));

        let mut form = client_form::load(db, id).await.unwrap();
        form.company = "Cirrus Systems".into();
        client_form::save(db, &staff(), Some(id), form)
            .await
            .unwrap();
        assert_eq!(
            search(db, "nimbus").await.0,
            1,
            "the e-mail still says nimbus-labs@"
        );
        assert_eq!(search(db, "labs").await.0, 1);
        assert_eq!(search(db, "cirrus").await, found(&["Cirrus Systems"]));

        client::Entity::delete_by_id(gone).exec(db).await.unwrap();
        assert_eq!(search(db, "stratus").await, found(&[]));
    }
);
