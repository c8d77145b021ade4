//! Staff notes on a client, both engines: a staff member adds, edits, pins, unpins and
//! deletes notes, each audited; bad input is refused and changes nothing; pinned notes show
//! in the client's header and on exactly that client's dashboard row; notes go with their
//! client; the migration adds the table to a database that already has clients.

mod support;

use domain::entities::{audit_entry, client_note};
use domain::services::{activity, client_detail, clients, lifecycle, notes};
use model::client_query::ClientQuery;
use model::notes::{DASHBOARD_NOTE_CHARS, MAX_NOTE_CHARS, MAX_PINNED};
use model::AppError;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use support::*;

/// The client's audit entries about notes: (action, entity id, changes).
async fn note_audit(db: &DatabaseConnection, client_id: i32) -> Vec<(String, i32, String)> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::ClientId.eq(client_id))
        .filter(audit_entry::Column::Entity.eq("note"))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| {
            assert_eq!(e.actor_email, staff().email);
            (e.action, e.entity_id.unwrap(), e.changes)
        })
        .collect()
}

/// The bodies of the client's notes as the overview tab lists them.
async fn listed(db: &DatabaseConnection, client_id: i32) -> Vec<(String, bool)> {
    notes::list(db, client_id, 1)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|n| (n.body, n.pinned))
        .collect()
}

async fn header_pins(db: &DatabaseConnection, client_id: i32) -> Vec<String> {
    client_detail::header(db, client_id)
        .await
        .unwrap()
        .pinned_notes
}

test_support::db_test!(a_note_is_added_edited_pinned_unpinned_and_deleted, |db| {
    catalogue(db).await;
    let c = new_client(db, "Notes Story").await;

    let first = notes::add(db, &staff(), c, "  Prefers e-mail over phone.  ".into())
        .await
        .unwrap();
    let second = notes::add(db, &staff(), c, "Asked for a discount.".into())
        .await
        .unwrap();
    // Newest first, the text trimmed, the author recorded.
    assert_eq!(
        listed(db, c).await,
        vec![
            ("Asked for a discount.".to_owned(), false),
            ("Prefers e-mail over phone.".to_owned(), false)
        ]
    );
    let page = notes::list(db, c, 1).await.unwrap();
    assert_eq!(page.total, 2);
    assert!(page.rows.iter().all(|n| n.author == staff().email));

    notes::edit(db, &staff(), c, first, "Prefers e-mail; never call.".into())
        .await
        .unwrap();
    // Saving the same text again changes and records nothing.
    notes::edit(db, &staff(), c, first, "Prefers e-mail; never call.".into())
        .await
        .unwrap();
    let edited = notes::list(db, c, 1).await.unwrap().rows;
    let edited = edited.iter().find(|n| n.id == first).unwrap();
    assert_eq!(edited.body, "Prefers e-mail; never call.");
    assert!(edited.updated_at >= edited.created_at);

    // Pinned notes come first, and show in the header.
    assert!(header_pins(db, c).await.is_empty());
    notes::set_pinned(db, &staff(), c, first, true)
        .await
        .unwrap();
    notes::set_pinned(db, &staff(), c, first, true)
        .await
        .unwrap();
    assert_eq!(
        listed(db, c).await,
        vec![
            ("Prefers e-mail; never call.".to_owned(), true),
            ("Asked for a discount.".to_owned(), false)
        ]
    );
    assert_eq!(
        header_pins(db, c).await,
        vec!["Prefers e-mail; never call."]
    );

    notes::set_pinned(db, &staff(), c, first, false)
        .await
        .unwrap();
    assert!(header_pins(db, c).await.is_empty());
    notes::delete(db, &staff(), c, second).await.unwrap();
    assert_eq!(
        listed(db, c).await,
        vec![("Prefers e-mail; never call.".to_owned(), false)]
    );

    let audit = note_audit(db, c).await;
    let actions: Vec<(&str, i32)> = audit.iter().map(|(a, id, _)| (a.as_str(), *id)).collect();
    assert_eq!(
        actions,
        vec![
            ("note.added", first),
            ("note.added", second),
            ("note.edited", first),
            ("note.pinned", first),
            ("note.unpinned", first),
            ("note.deleted", second),
        ]
    );
    let changes: serde_json::Value = serde_json::from_str(&audit[2].2).unwrap();
    assert_eq!(
        changes,
        serde_json::json!({ "body": {
            "from": "Prefers e-mail over phone.",
            "to": "Prefers e-mail; never call."
        }})
    );
    let changes: serde_json::Value = serde_json::from_str(&audit[5].2).unwrap();
    assert_eq!(changes["body"], "Asked for a discount.");

    // The Activity tab lists them with the client's other entries.
    let shown: Vec<String> = activity::list(db, c, 1)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("note."))
        .collect();
    assert_eq!(shown.len(), 6);
    assert_eq!(shown[0], "note.deleted", "newest first");
});

test_support::db_test!(bad_input_is_refused_and_changes_nothing, |db| {
    catalogue(db).await;
    let c = new_client(db, "Notes Refusals").await;
    let other = new_client(db, "Notes Other").await;
    let note = notes::add(db, &staff(), c, "Original".into())
        .await
        .unwrap();
    let foreign = notes::add(db, &staff(), other, "Someone else's".into())
        .await
        .unwrap();
    let audit_before = note_audit(db, c).await.len() + note_audit(db, other).await.len();

    let long = "x".repeat(MAX_NOTE_CHARS + 1);
    for body in ["", "   \n\t  ", long.as_str()] {
        let e = notes::add(db, &staff(), c, body.into()).await.unwrap_err();
        assert!(e.field("body").is_some(), "{e:?}");
        assert_eq!(e.status(), 422);
        let e = notes::edit(db, &staff(), c, note, body.into())
            .await
            .unwrap_err();
        assert!(e.field("body").is_some(), "{e:?}");
    }
    // Exactly the limit is fine.
    let at_limit = "y".repeat(MAX_NOTE_CHARS);
    let big = notes::add(db, &staff(), other, at_limit).await.unwrap();
    notes::delete(db, &staff(), other, big).await.unwrap();

    let missing = i32::MAX;
    let not_found = |r: Result<(), AppError>| {
        let e = r.unwrap_err();
        assert!(matches!(e, AppError::NotFound(_)), "{e:?}");
        assert_eq!(e.status(), 404);
    };
    not_found(
        notes::add(db, &staff(), missing, "Hello".into())
            .await
            .map(|_| ()),
    );
    not_found(notes::list(db, missing, 1).await.map(|_| ()));
    not_found(notes::edit(db, &staff(), c, missing, "Hello".into()).await);
    not_found(notes::delete(db, &staff(), c, missing).await);
    not_found(notes::set_pinned(db, &staff(), c, missing, true).await);
    // A note of another client, reached through this one, is as unknown as a missing one.
    not_found(notes::edit(db, &staff(), c, foreign, "Hijacked".into()).await);
    not_found(notes::delete(db, &staff(), c, foreign).await);
    not_found(notes::set_pinned(db, &staff(), c, foreign, true).await);

    assert_eq!(listed(db, c).await, vec![("Original".to_owned(), false)]);
    assert_eq!(
        listed(db, other).await,
        vec![("Someone else's".to_owned(), false)]
    );
    assert_eq!(
        note_audit(db, c).await.len() + note_audit(db, other).await.len(),
        audit_before + 2,
        "only the note at the limit, added and deleted"
    );

    // At most MAX_PINNED pinned notes per client.
    let mut ids = vec![note];
    for i in 1..=MAX_PINNED {
        ids.push(
            notes::add(db, &staff(), c, format!("Note {i}"))
                .await
                .unwrap(),
        );
    }
    for id in &ids[..MAX_PINNED as usize] {
        notes::set_pinned(db, &staff(), c, *id, true).await.unwrap();
    }
    let e = notes::set_pinned(db, &staff(), c, ids[MAX_PINNED as usize], true)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
    assert_eq!(header_pins(db, c).await.len(), MAX_PINNED as usize);
});

test_support::db_test!(
    pinned_notes_show_on_exactly_their_client_s_dashboard_row,
    |db| {
        catalogue(db).await;
        let pinned_client = new_client(db, "Pinned Row").await;
        let plain_client = new_client(db, "Plain Row").await;
        let older = notes::add(db, &staff(), pinned_client, "Older pin".into())
            .await
            .unwrap();
        notes::add(db, &staff(), pinned_client, "Not pinned".into())
            .await
            .unwrap();
        let long_text = format!("{}{}", "a".repeat(DASHBOARD_NOTE_CHARS), "tail");
        let long = notes::add(db, &staff(), pinned_client, long_text.clone())
            .await
            .unwrap();
        notes::add(db, &staff(), plain_client, "Nothing pinned here".into())
            .await
            .unwrap();
        notes::set_pinned(db, &staff(), pinned_client, older, true)
            .await
            .unwrap();
        notes::set_pinned(db, &staff(), pinned_client, long, true)
            .await
            .unwrap();

        let page = clients::list(db, &ClientQuery::default()).await.unwrap();
        let row = |id: i32| page.clients.iter().find(|s| s.id == id).unwrap();
        // Newest first; the dashboard carries a shortened text, the header the whole of it.
        assert_eq!(
            row(pinned_client).pinned_notes,
            vec![
                format!("{}…", "a".repeat(DASHBOARD_NOTE_CHARS)),
                "Older pin".to_owned()
            ]
        );
        assert!(row(plain_client).pinned_notes.is_empty());
        assert_eq!(
            header_pins(db, pinned_client).await,
            vec![long_text, "Older pin".to_owned()]
        );
        assert!(header_pins(db, plain_client).await.is_empty());
    }
);

test_support::db_test!(deleting_a_client_removes_its_notes, |db| {
    catalogue(db).await;
    let gone = new_client(db, "Notes Gone").await;
    let stays = new_client(db, "Notes Stay").await;
    let n = notes::add(db, &staff(), gone, "Bye".into()).await.unwrap();
    notes::set_pinned(db, &staff(), gone, n, true)
        .await
        .unwrap();
    notes::add(db, &staff(), stays, "Still here".into())
        .await
        .unwrap();

    lifecycle::delete(db, &staff(), gone).await.unwrap();
    worker(db, "w", local(db)).drain().await.unwrap();
    assert!(client_row(db, gone).await.is_none());
    let count = |id: i32| {
        client_note::Entity::find()
            .filter(client_note::Column::ClientId.eq(id))
            .count(db)
    };
    assert_eq!(count(gone).await.unwrap(), 0);
    assert_eq!(count(stays).await.unwrap(), 1);
    // The history stays readable: the audit log is not tied to the client row.
    assert_eq!(note_audit(db, gone).await.len(), 2);
});

test_support::db_test!(the_migration_adds_notes_to_a_database_with_clients, |db| {
    use migration::MigratorTrait;
    catalogue(db).await;
    let c = new_client(db, "Before Notes").await;
    let to_undo = migration::Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name() == "m20261125_000009_client_notes")
        .unwrap()
        + 1;
    migration::Migrator::down(db, Some(to_undo as u32))
        .await
        .unwrap();
    migration::Migrator::up(db, None).await.unwrap();

    assert!(listed(db, c).await.is_empty());
    let n = notes::add(db, &staff(), c, "First note".into())
        .await
        .unwrap();
    notes::set_pinned(db, &staff(), c, n, true).await.unwrap();
    assert_eq!(header_pins(db, c).await, vec!["First note"]);
});
