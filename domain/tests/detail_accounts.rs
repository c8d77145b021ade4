//! Client detail: users (associate, roles, dissociate) and configuration, on both engines.

use domain::entities::{client, client_user, configuration, user};
use domain::services::{client_users, configurations};
use model::roles::Roles;
use model::{AppError, Role, StaffRole};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use test_support::{customer, staff_account, ClientBuilder};

/// Acme, owned by Olga and with Max as a member; besides them, `prospects` customers of
/// no client and one staff account. Returns (client, Olga).
async fn acme_with_owner(db: &sea_orm::DatabaseConnection, prospects: usize) -> (i32, i32) {
    let acme = ClientBuilder::new("Acme").build(db).await;
    let olga = customer(db, "Olga Owner").await;
    let max = customer(db, "Max Member").await;
    client_users::associate(db, test_actor(), acme.id, olga, vec![Role::Owner])
        .await
        .unwrap();
    client_users::associate(db, test_actor(), acme.id, max, vec![Role::Member])
        .await
        .unwrap();
    for n in 0..prospects {
        customer(db, &format!("Prospect {n:02}")).await;
    }
    staff_account(db, "Sam Staff", StaffRole::Administrator).await;
    (acme.id, olga)
}

test_support::db_test!(users_associate_change_roles_dissociate, |db| {
    let (cid, owner) = acme_with_owner(db, 3).await;
    let tab = client_users::tab(db, cid).await.unwrap();
    let linked = client_user::Entity::find()
        .filter(client_user::Column::ClientId.eq(cid))
        .count(db)
        .await
        .unwrap();
    assert_eq!(tab.users.len() as u64, linked);
    assert!(tab
        .candidates
        .iter()
        .all(|c| !tab.users.iter().any(|u| u.user_id == c.id)));
    let staff: Vec<i32> = user::Entity::find()
        .filter(user::Column::IsStaff.eq(true))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert!(tab.candidates.iter().all(|c| !staff.contains(&c.id)));

    let new = tab.candidates[0].id;
    // Rejected: no roles, unknown user, staff user.
    let e = client_users::associate(db, test_actor(), cid, new, vec![])
        .await
        .unwrap_err();
    assert_eq!(
        e.field("roles").as_deref(),
        Some("Choose at least one role.")
    );
    let e = client_users::associate(db, test_actor(), cid, 999_999, vec![Role::Member])
        .await
        .unwrap_err();
    assert!(e.field("user_id").is_some());
    let e = client_users::associate(db, test_actor(), cid, staff[0], vec![Role::Member])
        .await
        .unwrap_err();
    assert!(e.field("user_id").is_some());
    client_users::associate(
        db,
        test_actor(),
        cid,
        new,
        vec![Role::Member, Role::Billing],
    )
    .await
    .unwrap();
    let tab = client_users::tab(db, cid).await.unwrap();
    let row = tab.users.iter().find(|u| u.user_id == new).unwrap();
    assert_eq!(row.roles, Roles::new([Role::Billing, Role::Member]));
    assert!(!tab.candidates.iter().any(|c| c.id == new));
    let e = client_users::associate(db, test_actor(), cid, new, vec![Role::Member])
        .await
        .unwrap_err();
    assert_eq!(
        e.field("user_id").as_deref(),
        Some("This user is already associated with the client.")
    );

    // Roles: the last owner cannot stop being one, nor leave.
    let e = client_users::set_roles(db, test_actor(), cid, owner, vec![Role::Member])
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)));
    assert!(matches!(
        client_users::dissociate(db, test_actor(), cid, owner).await,
        Err(AppError::Conflict(_))
    ));
    client_users::set_roles(db, test_actor(), cid, new, vec![Role::Owner])
        .await
        .unwrap();
    client_users::set_roles(db, test_actor(), cid, owner, vec![Role::Technical])
        .await
        .unwrap();
    let tab = client_users::tab(db, cid).await.unwrap();
    assert_eq!(
        tab.users.iter().find(|u| u.user_id == owner).unwrap().roles,
        Roles::new([Role::Technical])
    );
    let e = client_users::set_roles(db, test_actor(), cid, new, vec![])
        .await
        .unwrap_err();
    assert!(e.field("roles").is_some());

    client_users::dissociate(db, test_actor(), cid, owner)
        .await
        .unwrap();
    let tab = client_users::tab(db, cid).await.unwrap();
    assert!(!tab.users.iter().any(|u| u.user_id == owner));
    let email = user::Entity::find_by_id(owner)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .email;
    assert!(client_users::candidates(db, cid, &email)
        .await
        .unwrap()
        .iter()
        .any(|c| c.id == owner));
    assert!(matches!(
        client_users::dissociate(db, test_actor(), cid, owner).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        client_users::tab(db, 999_999).await,
        Err(AppError::NotFound(_))
    ));
});

test_support::db_test!(configuration_shows_and_changes, |db| {
    let c = ClientBuilder::new("Acme").build(db).await;
    test_support::configuration(db, "Prepaid").await;
    let tab = configurations::tab(db, c.id).await.unwrap();
    assert_eq!(tab.current.id, c.configuration_id);
    let all = configuration::Entity::find().count(db).await.unwrap();
    assert_eq!(tab.choices.len() as u64, all);
    let other = tab
        .choices
        .iter()
        .find(|(id, _)| *id != c.configuration_id)
        .unwrap()
        .0;

    let e = configurations::change(db, test_actor(), c.id, c.configuration_id)
        .await
        .unwrap_err();
    assert_eq!(
        e.field("configuration_id").as_deref(),
        Some("The client already has this configuration.")
    );
    let e = configurations::change(db, test_actor(), c.id, 999_999)
        .await
        .unwrap_err();
    assert!(e.field("configuration_id").is_some());
    configurations::change(db, test_actor(), c.id, other)
        .await
        .unwrap();
    assert_eq!(
        configurations::tab(db, c.id).await.unwrap().current.id,
        other
    );
    let after = client::Entity::find_by_id(c.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.configuration_id, other);
    assert!(matches!(
        configurations::change(db, test_actor(), 999_999, other).await,
        Err(AppError::NotFound(_))
    ));
});

test_support::db_test!(associate_candidates_are_searched_and_bounded, |db| {
    let (cid, owner) = acme_with_owner(db, client_users::CANDIDATES as usize + 5).await;
    let first = client_users::candidates(db, cid, "").await.unwrap();
    assert_eq!(first.len() as u64, client_users::CANDIDATES);
    let u = user::Entity::find_by_id(first[3].id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    // Part of the email, in another case, finds the user.
    let part = u.email.split('@').next().unwrap().to_uppercase();
    let found = client_users::candidates(db, cid, &part).await.unwrap();
    assert!(
        found.iter().any(|c| c.id == u.id),
        "{part} finds {}",
        u.email
    );
    assert!(found.len() as u64 <= client_users::CANDIDATES);
    // Already associated users and staff are never offered.
    let owner_email = user::Entity::find_by_id(owner)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .email;
    assert!(client_users::candidates(db, cid, &owner_email)
        .await
        .unwrap()
        .iter()
        .all(|c| c.id != owner));
    assert!(
        client_users::candidates(db, cid, "%").await.unwrap().len() as u64
            == client_users::CANDIDATES
    );
    assert!(client_users::candidates(db, cid, "no-such-user-anywhere")
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        client_users::candidates(db, 999_999, "").await,
        Err(AppError::NotFound(_))
    ));
});

/// The staff member the audit log names in these tests (static: some calls outlive a temporary).
fn test_actor() -> &'static domain::audit::Actor {
    static ACTOR: std::sync::LazyLock<domain::audit::Actor> =
        std::sync::LazyLock::new(|| domain::audit::Actor {
            user_id: None,
            email: "staff@test".into(),
            bulk_run: None,
        });
    &ACTOR
}
