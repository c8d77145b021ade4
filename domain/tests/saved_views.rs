//! Staff keep their way of looking at clients: a named view is a dashboard URL under a name,
//! their own or shared with everyone; one can be where the dashboard opens; the list's columns
//! are remembered per staff member. Bad input changes nothing.

mod support;

use domain::entities::user;
use domain::services::staff_views;
use model::client_columns::{ClientColumn, DEFAULT_COLUMNS};
use model::client_query::{ClientQuery, Dir, SortKey, View};
use model::{AppError, ClientStatus};
use sea_orm::EntityTrait;

fn suspended_by_credit() -> ClientQuery {
    ClientQuery {
        statuses: vec![ClientStatus::Suspended],
        sort: SortKey::Credit,
        dir: Dir::Desc,
        view: Some(View::List),
        columns: vec![ClientColumn::Company, ClientColumn::CurrentCredit],
        page: 3,
        ..ClientQuery::default()
    }
}

test_support::db_test!(a_view_is_a_named_url_kept_per_staff_member, |db| {
    let ana = support::staff_member(db, "Ana Lopez").await;
    let ben = support::staff_member(db, "Ben Okafor").await;

    // Nothing saved yet: the default columns, no views.
    let fresh = staff_views::prefs(db, &ana).await.unwrap();
    assert_eq!(fresh.columns, DEFAULT_COLUMNS.to_vec());
    assert!(fresh.views.is_empty() && fresh.landing.is_none());

    let id = staff_views::save(db, &ana, "  Dunning ", &suspended_by_credit(), false)
        .await
        .unwrap();
    let views = staff_views::prefs(db, &ana).await.unwrap().views;
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].name, "Dunning", "trimmed");
    // The URL of the view: everything but the page.
    let expected = suspended_by_credit().with_page(1).href();
    assert_eq!(views[0].href, expected);
    assert!(views[0].href.contains("cols=company,current_credit"));
    assert!(views[0].mine && !views[0].shared);
    assert!(
        staff_views::prefs(db, &ben).await.unwrap().views.is_empty(),
        "a private view is its owner's"
    );

    // Saving under the same name replaces it; sharing shows it to everyone, not as theirs.
    let again = staff_views::save(db, &ana, "Dunning", &ClientQuery::default(), true)
        .await
        .unwrap();
    assert_eq!(again, id);
    let bens = staff_views::prefs(db, &ben).await.unwrap().views;
    assert_eq!(bens.len(), 1);
    assert_eq!(bens[0].href, "/staff/clients");
    assert!(!bens[0].mine && bens[0].shared);
    assert_eq!(bens[0].owner, "Ana Lopez");

    // Ben may land on Ana's shared view, but not delete it.
    staff_views::set_landing(db, &ben, Some(id)).await.unwrap();
    assert_eq!(
        staff_views::prefs(db, &ben).await.unwrap().landing,
        Some(id)
    );
    let e = staff_views::delete(db, &ben, id).await.unwrap_err();
    assert!(matches!(e, AppError::NotFound(_)), "{e:?}");

    // Ana deletes it: gone for both, and Ben's dashboard opens on every client again.
    staff_views::delete(db, &ana, id).await.unwrap();
    assert!(staff_views::prefs(db, &ana).await.unwrap().views.is_empty());
    assert_eq!(staff_views::prefs(db, &ben).await.unwrap().landing, None);
});

test_support::db_test!(columns_are_remembered_and_bad_input_changes_nothing, |db| {
    let ana = support::staff_member(db, "Ana Lopez").await;
    let ben = support::staff_member(db, "Ben Okafor").await;
    let mine = vec![
        ClientColumn::VatId,
        ClientColumn::Company,
        ClientColumn::Phone,
    ];
    staff_views::set_columns(db, &ana, &mine).await.unwrap();
    assert_eq!(staff_views::prefs(db, &ana).await.unwrap().columns, mine);
    assert_eq!(
        staff_views::prefs(db, &ben).await.unwrap().columns,
        DEFAULT_COLUMNS.to_vec()
    );

    // A landing view and the columns are kept side by side.
    let id = staff_views::save(db, &ana, "Mine", &ClientQuery::default(), false)
        .await
        .unwrap();
    staff_views::set_landing(db, &ana, Some(id)).await.unwrap();
    assert_eq!(staff_views::prefs(db, &ana).await.unwrap().columns, mine);

    let e = staff_views::set_columns(db, &ana, &[]).await.unwrap_err();
    assert!(e.field("columns").is_some(), "{e:?}");
    for name in ["", "   ", &"x".repeat(41)] {
        let e = staff_views::save(db, &ana, name, &ClientQuery::default(), false)
            .await
            .unwrap_err();
        assert_eq!(e.status(), 422, "{name:?}");
        assert!(e.field("name").is_some());
    }
    let e = staff_views::set_landing(db, &ben, Some(id))
        .await
        .unwrap_err();
    assert!(
        matches!(e, AppError::NotFound(_)),
        "a private view is not Ben's to land on"
    );
    let e = staff_views::set_landing(db, &ana, Some(id + 1000))
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::NotFound(_)));
    let after = staff_views::prefs(db, &ana).await.unwrap();
    assert_eq!(
        (after.columns, after.landing, after.views.len()),
        (mine, Some(id), 1)
    );

    // An account that goes takes its views and preferences with it.
    user::Entity::delete_by_id(ana.user_id.unwrap())
        .exec(db)
        .await
        .unwrap();
    assert!(staff_views::prefs(db, &ben).await.unwrap().views.is_empty());
});
