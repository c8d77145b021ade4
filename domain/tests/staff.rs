//! Staff accounts: an administrator adds colleagues with roles, resets passwords and
//! deactivates accounts; an issued password must be replaced before anything else.

use domain::audit::Actor;
use domain::auth::access::{check, Access};
use domain::auth::bootstrap::{ensure_staff, Bootstrap};
use domain::auth::session_store::DbSessionStore;
use domain::auth::{self, Principal};
use domain::entities::{audit_entry, user};
use domain::services::staff;
use model::staff::Permission;
use model::{AppError, StaffRole};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::sync::Arc;
use tower_sessions::Session;

const ADMIN_PASSWORD: &str = "the admin's own password";

/// The first administrator, signed in; returns the audit actor and the principal.
async fn admin(db: &DatabaseConnection) -> (Actor, Principal) {
    ensure_staff(
        db,
        Some("admin@example.com".into()),
        Some(ADMIN_PASSWORD.into()),
    )
    .await
    .unwrap();
    sign_in(db, "admin@example.com", ADMIN_PASSWORD)
        .await
        .unwrap()
}

async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> Result<(Actor, Principal), AppError> {
    let s = Session::new(None, Arc::new(DbSessionStore::new(db.clone())), None);
    auth::sign_in(db, &s, email, password, "192.0.2.1", chrono::Utc::now()).await?;
    let p = auth::principal(db, &s).await?.expect("signed in");
    Ok((p.actor(), p))
}

async fn audit_actions(db: &DatabaseConnection) -> Vec<String> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.starts_with("staff."))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

test_support::db_test!(
    an_administrator_adds_a_colleague_who_chooses_a_password,
    |db| {
        let (admin, _) = admin(db).await;
        let issued = staff::create(
            db,
            &admin,
            " Bea@Example.com ",
            "Bea Billing",
            StaffRole::Billing,
        )
        .await
        .unwrap();
        assert_eq!(issued.email, "bea@example.com");

        let (bea, p) = sign_in(db, "bea@example.com", &issued.password)
            .await
            .unwrap();
        assert_eq!(p.role(), Some(StaffRole::Billing));
        assert!(p.current_user().must_change_password);
        // Nothing but the password page until the issued password is replaced.
        assert_eq!(
            check(Access::Staff(Permission::View), Some(&p)),
            Err(AppError::PasswordChangeRequired)
        );
        assert_eq!(check(Access::OwnAccount, Some(&p)), Ok(()));

        for (current, new, confirm, field) in [
            (
                "wrong",
                "a brand new password",
                "a brand new password",
                "current",
            ),
            (issued.password.as_str(), "short", "short", "new_password"),
            (
                issued.password.as_str(),
                issued.password.as_str(),
                issued.password.as_str(),
                "new_password",
            ),
            (
                issued.password.as_str(),
                "a brand new password",
                "another new password",
                "confirm",
            ),
        ] {
            let err = staff::change_own_password(db, &bea, current, new, confirm)
                .await
                .unwrap_err();
            assert!(err.field(field).is_some(), "{field}: {err:?}");
        }
        staff::change_own_password(
            db,
            &bea,
            &issued.password,
            "a brand new password",
            "a brand new password",
        )
        .await
        .unwrap();

        let (_, p) = sign_in(db, "bea@example.com", "a brand new password")
            .await
            .unwrap();
        assert_eq!(
            check(Access::Staff(Permission::ManageBilling), Some(&p)),
            Ok(())
        );
        assert_eq!(
            check(Access::Staff(Permission::DeleteClients), Some(&p)),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            sign_in(db, "bea@example.com", &issued.password)
                .await
                .unwrap_err(),
            AppError::WrongCredentials,
            "the issued password is gone"
        );
        assert_eq!(
            audit_actions(db).await,
            ["staff.create", "staff.change_password"]
        );
    }
);

test_support::db_test!(bad_staff_input_is_refused_with_field_messages, |db| {
    let (admin, _) = admin(db).await;
    let err = staff::create(db, &admin, "not an email", "", StaffRole::Support)
        .await
        .unwrap_err();
    assert!(
        err.field("email").is_some() && err.field("full_name").is_some(),
        "{err:?}"
    );
    let err = staff::create(db, &admin, "ADMIN@example.com", "Twin", StaffRole::Support)
        .await
        .unwrap_err();
    assert!(err.field("email").unwrap().contains("already"), "{err:?}");
    assert_eq!(staff::list(db).await.unwrap().len(), 1, "nothing was added");
    assert!(audit_actions(db).await.is_empty());
});

test_support::db_test!(there_is_always_an_active_administrator, |db| {
    let (admin, admin_p) = admin(db).await;
    let me = admin_p.user.id;
    // Nobody changes their own role or deactivates themselves.
    for (role, active) in [
        (StaffRole::ReadOnly, true),
        (StaffRole::Administrator, false),
    ] {
        let err = staff::update(db, &admin, me, role, active)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    }
    let second = staff::create(
        db,
        &admin,
        "second@example.com",
        "Second",
        StaffRole::Administrator,
    )
    .await
    .unwrap();
    let second_id = user::Entity::find()
        .filter(user::Column::Email.eq(second.email.as_str()))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    // The first administrator steps down through the second one.
    let (second_actor, _) = {
        let (a, _) = sign_in(db, "second@example.com", &second.password)
            .await
            .unwrap();
        staff::change_own_password(
            db,
            &a,
            &second.password,
            "second's own password",
            "second's own password",
        )
        .await
        .unwrap();
        sign_in(db, "second@example.com", "second's own password")
            .await
            .unwrap()
    };
    let demoted = staff::update(db, &second_actor, me, StaffRole::Support, true)
        .await
        .unwrap();
    assert_eq!(demoted.role, StaffRole::Support);
    // Now the second is the last administrator: the first (support now) cannot remove them,
    // and nobody can deactivate them.
    let err = staff::update(db, &admin, second_id, StaffRole::ReadOnly, true)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("last active administrator"),
        "{err}"
    );
    let entry = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("staff.update"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&entry.changes).unwrap(),
        serde_json::json!({"role": {"from": "administrator", "to": "support"}})
    );
});

test_support::db_test!(deactivating_and_resetting_take_effect_at_once, |db| {
    let (admin, _) = admin(db).await;
    let issued = staff::create(
        db,
        &admin,
        "sam@example.com",
        "Sam Support",
        StaffRole::Support,
    )
    .await
    .unwrap();
    let (sam, sam_p) = sign_in(db, "sam@example.com", &issued.password)
        .await
        .unwrap();
    staff::change_own_password(
        db,
        &sam,
        &issued.password,
        "sam's own password",
        "sam's own password",
    )
    .await
    .unwrap();
    let (_, sam_p2) = sign_in(db, "sam@example.com", "sam's own password")
        .await
        .unwrap();
    assert!(sam_p2.can(Permission::Impersonate) && !sam_p2.can(Permission::ManageBilling));

    // A reset issues a new password to be replaced, and the old one stops working.
    let reset = staff::reset_password(db, &admin, sam_p.user.id)
        .await
        .unwrap();
    assert_eq!(
        sign_in(db, "sam@example.com", "sam's own password")
            .await
            .unwrap_err(),
        AppError::WrongCredentials
    );
    let s = Session::new(None, Arc::new(DbSessionStore::new(db.clone())), None);
    auth::sign_in(
        db,
        &s,
        "sam@example.com",
        &reset.password,
        "192.0.2.1",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let p = auth::principal(db, &s).await.unwrap().unwrap();
    assert!(p.user.must_change_password);

    // Deactivated: the open session is no longer anyone's.
    staff::update(db, &admin, sam_p.user.id, StaffRole::Support, false)
        .await
        .unwrap();
    assert!(auth::principal(db, &s).await.unwrap().is_none());
    assert_eq!(
        sign_in(db, "sam@example.com", &reset.password)
            .await
            .unwrap_err(),
        AppError::WrongCredentials
    );
    assert_eq!(
        audit_actions(db).await,
        [
            "staff.create",
            "staff.change_password",
            "staff.reset_password",
            "staff.update"
        ]
    );
});

test_support::db_test!(the_generated_first_password_must_be_replaced, |db| {
    let Bootstrap::Created {
        password,
        generated,
        ..
    } = ensure_staff(db, None, None).await.unwrap()
    else {
        panic!("created");
    };
    assert!(generated);
    let (_, p) = sign_in(db, "admin@cumulus.local", &password).await.unwrap();
    assert_eq!(p.role(), Some(StaffRole::Administrator));
    assert!(p.user.must_change_password);
    assert_eq!(
        check(Access::Staff(Permission::ManageStaff), Some(&p)),
        Err(AppError::PasswordChangeRequired)
    );
});
