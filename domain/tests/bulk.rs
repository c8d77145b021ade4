//! Staff act on many clients at once: a bulk run does the single action to each selected
//! client, by the single action's rules, audited per client with the run's id; it survives
//! a worker's death without acting on anyone twice, and its failed clients can be retried.
//! Both engines.

mod support;

use chrono::{Duration, Utc};
use domain::entities::{audit_entry, bulk_run, client_group, client_group_member};
use domain::jobs;
use domain::services::{bulk, clients, licence, lifecycle, openstack};
use model::bulk::{BulkAction, BulkOutcome, BulkRequest, BulkRunPage, BulkStatus};
use model::client_query::ClientQuery;
use model::selection::{Selection, MAX_PICKED};
use model::{AppError, ClientStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::BTreeSet;
use support::*;

fn picked(ids: &[i32]) -> Selection {
    Selection::Picked(ids.iter().copied().collect())
}

fn request(selection: Selection, action: BulkAction) -> BulkRequest {
    BulkRequest {
        selection,
        action,
        confirm: None,
    }
}

/// Runs every job there is (the bulk run's slices and the lifecycle jobs it enqueues).
async fn run_jobs(db: &DatabaseConnection) {
    worker(db, "w", local(db)).drain().await.unwrap();
}

/// The run with every one of its clients (in run order).
async fn outcome(db: &DatabaseConnection, run: i32) -> BulkRunPage {
    let page = bulk::run_page(db, run, None, None).await.unwrap();
    assert!(page.next_after.is_none(), "a test run fits on a page");
    page
}

/// The outcomes of the run's clients, by client.
fn by_client(page: &BulkRunPage) -> Vec<(i32, BulkOutcome, Option<String>)> {
    page.items
        .iter()
        .map(|i| (i.client_id, i.outcome, i.reason.clone()))
        .collect()
}

/// The audit entries `action` of client `id`.
async fn audited(db: &DatabaseConnection, id: i32, action: &str) -> Vec<serde_json::Value> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::ClientId.eq(id))
        .filter(audit_entry::Column::Action.eq(action))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| serde_json::from_str(&e.changes).unwrap())
        .collect()
}

async fn new_group(db: &DatabaseConnection, name: &str) -> i32 {
    client_group::ActiveModel {
        name: Set(name.into()),
        description: Set(String::new()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

test_support::db_test!(a_bulk_suspend_skips_whom_its_status_does_not_allow, |db| {
    catalogue(db).await;
    let a = new_client(db, "Alpha Hosting").await;
    let b = new_client(db, "Beta Hosting").await;
    let already = new_client(db, "Gamma Hosting").await;
    lifecycle::suspend(db, &staff(), already, "").await.unwrap();
    run_jobs(db).await;

    let jane = staff_member(db, "Jane Ops").await;
    let run = bulk::start(
        db,
        &jane,
        &request(
            picked(&[a, b, already]),
            BulkAction::Suspend {
                reason: " Unpaid invoices ".into(),
            },
        ),
    )
    .await
    .unwrap();
    run_jobs(db).await;

    let page = outcome(db, run).await;
    assert_eq!(page.run.status, BulkStatus::Done);
    assert_eq!(
        (
            page.run.total,
            page.run.done,
            page.run.skipped,
            page.run.failed
        ),
        (3, 2, 1, 0)
    );
    assert_eq!(
        by_client(&page),
        vec![
            (a, BulkOutcome::Done, None),
            (b, BulkOutcome::Done, None),
            (
                already,
                BulkOutcome::Skipped,
                Some("Cannot suspend a client that is suspended.".into())
            ),
        ]
    );
    assert_eq!(page.items[0].label, "Alpha Hosting");
    assert_eq!(page.items[0].status, Some(ClientStatus::Suspended));
    assert!(
        !page.is_live(),
        "the run and the suspensions it started are through"
    );
    for id in [a, b] {
        assert_eq!(status(db, id).await, Some(ClientStatus::Suspended));
        let entries = audited(db, id, "client.suspend").await;
        assert_eq!(entries.len(), 1, "one suspension of client {id}");
        assert_eq!(entries[0]["bulk_run"], run, "audited with the run's id");
        assert_eq!(entries[0]["reason"], "Unpaid invoices");
    }
    let started = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("bulk.start"))
        .one(db)
        .await
        .unwrap()
        .expect("the start is audited");
    assert_eq!(started.actor_email, jane.email);
    assert_eq!(started.entity_id, Some(run));
});

test_support::db_test!(a_filter_selects_the_clients_the_dashboard_lists, |db| {
    catalogue(db).await;
    let mut nimbus = vec![];
    for name in ["Nimbus One", "Nimbus Two", "Nimbus Three", "Nimbus Four"] {
        nimbus.push(new_client(db, name).await);
    }
    let other = new_client(db, "Stratus Cloud").await;
    let premium = new_group(db, "Premium").await;
    let query = ClientQuery {
        search: "nimbus".into(),
        ..ClientQuery::default()
    };
    let listed: Vec<i32> = clients::list(db, &query)
        .await
        .unwrap()
        .clients
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(listed.len(), 4);

    // Every match less one unticked on the page.
    let mut selection = Selection::all_matching(&query, 4);
    selection.set(&[nimbus[1]], false, &query).unwrap();
    let run = bulk::start(
        db,
        &staff(),
        &request(selection, BulkAction::AddToGroup { group_id: premium }),
    )
    .await
    .unwrap();
    assert_eq!(
        bulk::run_page(db, run, None, None)
            .await
            .unwrap()
            .run
            .status,
        BulkStatus::Preparing,
        "the clients are found by the job"
    );
    run_jobs(db).await;

    let page = outcome(db, run).await;
    let expected: Vec<i32> = listed.into_iter().filter(|id| *id != nimbus[1]).collect();
    assert_eq!(
        page.items.iter().map(|i| i.client_id).collect::<Vec<_>>(),
        expected,
        "the dashboard's matches, in its order, less the unticked one"
    );
    assert_eq!((page.run.total, page.run.done), (3, 3));
    let members: BTreeSet<i32> = client_group_member::Entity::find()
        .filter(client_group_member::Column::GroupId.eq(premium))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.client_id)
        .collect();
    assert_eq!(members, expected.iter().copied().collect());
    assert!(!members.contains(&other));
    let grouped = ClientQuery {
        groups: vec![premium],
        ..ClientQuery::default()
    };
    assert_eq!(clients::list(db, &grouped).await.unwrap().total, 3);
    assert_eq!(
        client_row(db, expected[0]).await.unwrap().first_group_name,
        Some("Premium".into()),
        "the group sort follows"
    );

    // Taking them out again: the one never added is skipped.
    let run = bulk::start(
        db,
        &staff(),
        &request(
            picked(&nimbus),
            BulkAction::RemoveFromGroup { group_id: premium },
        ),
    )
    .await
    .unwrap();
    run_jobs(db).await;
    let page = outcome(db, run).await;
    assert_eq!((page.run.done, page.run.skipped), (3, 1));
    assert_eq!(
        page.items[1].reason.as_deref(),
        Some("The client is not in the group Premium.")
    );
    assert_eq!(clients::list(db, &grouped).await.unwrap().total, 0);
    assert_eq!(
        client_row(db, nimbus[0]).await.unwrap().first_group_name,
        None
    );
});

test_support::db_test!(
    a_worker_dying_mid_run_acts_on_each_client_exactly_once,
    |db| {
        catalogue(db).await;
        let mut ids = vec![];
        for i in 0..7 {
            ids.push(new_client(db, &format!("Client {i}")).await);
        }
        let run = bulk::start(
            db,
            &staff(),
            &request(
                picked(&ids),
                BulkAction::Suspend {
                    reason: String::new(),
                },
            ),
        )
        .await
        .unwrap();

        // Worker A takes the run, acts on one chunk of two clients, and dies.
        let now = Utc::now();
        let lease = Duration::seconds(60);
        let job_a = jobs::claim(db, "a", now, lease)
            .await
            .unwrap()
            .expect("the run's job");
        assert_eq!(job_a.kind, jobs::JobKind::BulkRun);
        let slice = bulk::work_for(db, &job_a, std::time::Duration::ZERO, 2)
            .await
            .unwrap();
        assert_eq!(slice, bulk::Slice::More(run));
        assert_eq!(outcome(db, run).await.run.done, 2);

        // Its lease runs out; worker B takes the job over.
        let job_b = jobs::claim(db, "b", now + Duration::seconds(61), lease)
            .await
            .unwrap()
            .expect("the job is taken over");
        assert_eq!(job_b.id, job_a.id);
        // A was only slow, not dead: it goes on, but commits nothing any more.
        let stale = bulk::work_for(db, &job_a, std::time::Duration::ZERO, 2).await;
        assert!(stale.is_err(), "{stale:?}");
        assert_eq!(outcome(db, run).await.run.done, 2);

        // B's server restarts too: it takes its job back and finishes the run.
        jobs::release_own(db, "b", Utc::now()).await.unwrap();
        worker(db, "b", local(db)).drain().await.unwrap();

        let page = outcome(db, run).await;
        assert_eq!(page.run.status, BulkStatus::Done);
        assert_eq!((page.run.total, page.run.done), (7, 7));
        for id in ids {
            assert_eq!(
                audited(db, id, "client.suspend").await.len(),
                1,
                "client {id} was suspended once"
            );
            assert_eq!(status(db, id).await, Some(ClientStatus::Suspended));
        }
    }
);

/// Makes every change to client `id` fail in the database, until `heal`.
async fn break_client(db: &DatabaseConnection, id: i32) {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => vec![
            "CREATE FUNCTION broken() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$ LANGUAGE plpgsql".to_owned(),
            format!("CREATE TRIGGER broken BEFORE UPDATE ON clients FOR EACH ROW WHEN (OLD.id = {id}) EXECUTE FUNCTION broken()"),
        ],
        _ => vec![format!(
            "CREATE TRIGGER broken BEFORE UPDATE ON clients WHEN OLD.id = {id} BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
        )],
    };
    for s in sql {
        db.execute_unprepared(&s).await.unwrap();
    }
}

async fn heal(db: &DatabaseConnection) {
    let sql: &[&str] = match db.get_database_backend() {
        DbBackend::Postgres => &["DROP TRIGGER broken ON clients", "DROP FUNCTION broken()"],
        _ => &["DROP TRIGGER broken"],
    };
    for s in sql {
        db.execute_unprepared(s).await.unwrap();
    }
}

test_support::db_test!(failed_clients_are_retried_and_nothing_else, |db| {
    catalogue(db).await;
    let ok = new_client(db, "Steady Hosting").await;
    let flaky = new_client(db, "Flaky Hosting").await;
    let configuration = domain::entities::configuration::Entity::find()
        .order_by_desc(domain::entities::configuration::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_ne!(
        client_row(db, ok).await.unwrap().configuration_id,
        configuration
    );
    break_client(db, flaky).await;

    let run = bulk::start(
        db,
        &staff(),
        &request(
            picked(&[ok, flaky]),
            BulkAction::ChangeConfiguration {
                configuration_id: configuration,
            },
        ),
    )
    .await
    .unwrap();
    run_jobs(db).await;
    let page = outcome(db, run).await;
    assert_eq!((page.run.done, page.run.failed), (1, 1));
    assert_eq!(page.run.status, BulkStatus::Done);
    assert_eq!(page.items[1].outcome, BulkOutcome::Failed);
    let failed_only = bulk::run_page(db, run, Some(BulkOutcome::Failed), None)
        .await
        .unwrap();
    assert_eq!(failed_only.items.len(), 1);
    assert_eq!(failed_only.items[0].client_id, flaky);

    heal(db).await;
    bulk::retry_failed(db, &staff(), run).await.unwrap();
    assert_eq!(outcome(db, run).await.run.status, BulkStatus::Running);
    run_jobs(db).await;
    let page = outcome(db, run).await;
    assert_eq!((page.run.done, page.run.failed), (2, 0));
    assert_eq!(page.run.status, BulkStatus::Done);
    for id in [ok, flaky] {
        assert_eq!(
            client_row(db, id).await.unwrap().configuration_id,
            configuration
        );
        assert_eq!(
            audited(db, id, "client.change_configuration").await.len(),
            1,
            "the client that succeeded was not changed again"
        );
    }
    let again = bulk::retry_failed(db, &staff(), run).await.unwrap_err();
    assert!(matches!(again, AppError::Conflict(_)), "{again:?}");
});

test_support::db_test!(a_bulk_resume_holds_the_licence_limit, |db| {
    catalogue(db).await;
    let mut ids = vec![];
    for name in ["Busy One", "Busy Two"] {
        let id = new_client(db, name).await;
        openstack::create(db, &staff(), id, eur_plan(db).await)
            .await
            .unwrap();
        ids.push(id);
    }
    run_jobs(db).await;
    for id in &ids {
        assert_eq!(status(db, *id).await, Some(ClientStatus::Active));
        lifecycle::suspend(db, &staff(), *id, "").await.unwrap();
    }
    run_jobs(db).await;
    // Room for one more active client.
    licence::set_limit(db, licence::used(db).await.unwrap() + 1)
        .await
        .unwrap();

    let run = bulk::start(db, &staff(), &request(picked(&ids), BulkAction::Resume))
        .await
        .unwrap();
    run_jobs(db).await;
    let page = outcome(db, run).await;
    assert_eq!((page.run.done, page.run.skipped), (1, 1));
    assert_eq!(status(db, ids[0]).await, Some(ClientStatus::Active));
    assert_eq!(status(db, ids[1]).await, Some(ClientStatus::Suspended));
    assert!(
        page.items[1]
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("licence allows")),
        "{:?}",
        page.items[1]
    );
});

test_support::db_test!(refused_requests_change_nothing, |db| {
    catalogue(db).await;
    let a = new_client(db, "Keep One").await;
    let b = new_client(db, "Keep Two").await;
    let refused = |r: Result<i32, AppError>| r.expect_err("refused");

    let e = refused(
        bulk::start(
            db,
            &staff(),
            &request(Selection::Nothing, BulkAction::Resume),
        )
        .await,
    );
    assert!(
        matches!(&e, AppError::BadRequest(m) if m.contains("Select")),
        "{e:?}"
    );

    let huge: Vec<i32> = (1..=MAX_PICKED as i32 + 1).collect();
    let e = refused(bulk::start(db, &staff(), &request(picked(&huge), BulkAction::Resume)).await);
    assert!(
        matches!(&e, AppError::BadRequest(m) if m.contains("At most")),
        "{e:?}"
    );

    let e = refused(
        bulk::start(
            db,
            &staff(),
            &request(picked(&[a]), BulkAction::AddToGroup { group_id: 999_999 }),
        )
        .await,
    );
    assert!(
        matches!(&e, AppError::Invalid(f) if f[0].message == "Choose a group."),
        "{e:?}"
    );

    let e = refused(
        bulk::start(
            db,
            &staff(),
            &request(
                picked(&[a]),
                BulkAction::Suspend {
                    reason: "x".repeat(501),
                },
            ),
        )
        .await,
    );
    assert!(matches!(&e, AppError::Invalid(_)), "{e:?}");

    // Deleting two asks for the count, typed.
    for confirm in [None, Some(3)] {
        let e = refused(
            bulk::start(
                db,
                &staff(),
                &BulkRequest {
                    selection: picked(&[a, b]),
                    action: BulkAction::Delete,
                    confirm,
                },
            )
            .await,
        );
        assert!(
            matches!(&e, AppError::BadRequest(m) if m.contains("Type the number of clients (2)")),
            "{e:?}"
        );
    }
    assert_eq!(bulk_run::Entity::find().count(db).await.unwrap(), 0);
    run_jobs(db).await;
    assert_eq!(status(db, a).await, Some(ClientStatus::Inactive));

    let run = bulk::start(
        db,
        &staff(),
        &BulkRequest {
            selection: picked(&[a, b]),
            action: BulkAction::Delete,
            confirm: Some(2),
        },
    )
    .await
    .unwrap();
    run_jobs(db).await;
    let page = outcome(db, run).await;
    assert_eq!(page.run.done, 2);
    assert_eq!(status(db, a).await, None, "deleted");
    assert_eq!(page.items[0].status, None);
    assert_eq!(
        page.items
            .iter()
            .map(|i| i.label.as_str())
            .collect::<Vec<_>>(),
        vec!["Keep One", "Keep Two"],
        "the run remembers whom it deleted"
    );
    let e = bulk::run_page(db, 999_999, None, None).await.unwrap_err();
    assert!(matches!(e, AppError::NotFound(_)), "{e:?}");
});

test_support::db_test!(a_run_stopped_by_errors_goes_on_when_retried, |db| {
    catalogue(db).await;
    for name in ["Stop One", "Stop Two"] {
        new_client(db, name).await;
    }
    let query = ClientQuery {
        search: "stop".into(),
        ..ClientQuery::default()
    };
    let run = bulk::start(
        db,
        &staff(),
        &request(Selection::all_matching(&query, 2), BulkAction::Resume),
    )
    .await
    .unwrap();
    // Its selection cannot be read: every attempt fails, to the last.
    let good = bulk_run::Entity::find_by_id(run)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    bulk_run::ActiveModel {
        id: Set(run),
        selection: Set("{".into()),
        ..Default::default()
    }
    .update(db)
    .await
    .unwrap();
    let w = worker(db, "w", local(db));
    let later = Utc::now() + Duration::hours(1);
    for _ in 0..jobs::MAX_ATTEMPTS {
        assert!(w.run_one(later).await.unwrap());
    }
    let page = outcome(db, run).await;
    assert_eq!(page.run.status, BulkStatus::Failed);
    assert!(
        page.run
            .error
            .as_deref()
            .is_some_and(|e| e.contains("unreadable selection")),
        "{:?}",
        page.run.error
    );
    assert!(!page.is_live());

    // Mended and retried, it finds its clients and acts on them.
    bulk_run::ActiveModel {
        id: Set(run),
        selection: Set(good.selection),
        ..Default::default()
    }
    .update(db)
    .await
    .unwrap();
    bulk::retry_failed(db, &staff(), run).await.unwrap();
    run_jobs(db).await;
    let page = outcome(db, run).await;
    assert_eq!(page.run.status, BulkStatus::Done);
    assert_eq!(
        (page.run.total, page.run.skipped),
        (2, 2),
        "inactive clients are not resumed"
    );
    assert_eq!(
        page.items[0].reason.as_deref(),
        Some("Cannot resume a client that is inactive.")
    );
});
