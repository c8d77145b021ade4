//! Staff accounts: administrators create them, change their roles, deactivate them and reset
//! their passwords; every staff member changes their own password. Audited.
//!
//! Rules kept by every change: there is always at least one active administrator, and nobody
//! changes their own role or deactivates themselves (another administrator must).

use crate::audit::{self, Actor, Change};
use crate::auth::password;
use crate::entities::user;
use chrono::Utc;
use model::client_form::is_email;
use model::staff::{password_problem, IssuedPassword, StaffMember};
use model::{AppError, StaffRole};
use sea_orm::prelude::*;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, QueryOrder, QuerySelect, Set, SqlErr};

fn member(u: user::Model) -> StaffMember {
    StaffMember {
        id: u.id,
        email: u.email,
        full_name: u.full_name,
        role: u.staff_role.unwrap_or(StaffRole::ReadOnly),
        is_active: u.is_active,
        must_change_password: u.must_change_password,
        last_login_at: u.last_login_at,
    }
}

/// Every staff account, by email (staff are few).
pub async fn list(db: &DatabaseConnection) -> Result<Vec<StaffMember>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::IsStaff.eq(true))
        .order_by_asc(user::Column::Email)
        .all(db)
        .await?
        .into_iter()
        .map(member)
        .collect())
}

async fn require_staff<C: ConnectionTrait>(conn: &C, id: i32) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id)
        .filter(user::Column::IsStaff.eq(true))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Staff member {id}")))
}

/// A new staff account with a generated password, to be replaced at the first sign-in.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    email: &str,
    full_name: &str,
    role: StaffRole,
) -> Result<IssuedPassword, AppError> {
    let email = email.trim().to_lowercase();
    let full_name = full_name.trim();
    let mut errors = Vec::new();
    if !is_email(&email) || email.len() > 254 {
        errors.push(("email", "Enter an email address such as name@example.com."));
    }
    if full_name.is_empty() || full_name.chars().count() > 120 {
        errors.push(("full_name", "Enter a name of at most 120 characters."));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(
            errors
                .into_iter()
                .map(|(field, message)| model::FieldError {
                    field: field.to_owned(),
                    message: message.to_owned(),
                })
                .collect(),
        ));
    }
    let issued = password::generate();
    let hash = password::hash_off_thread(issued.clone()).await?;
    let txn = crate::db::begin_write(db).await?;
    let inserted = user::ActiveModel {
        email: Set(email.clone()),
        full_name: Set(full_name.to_owned()),
        password_hash: Set(Some(hash)),
        is_staff: Set(true),
        is_active: Set(true),
        created_at: Set(Utc::now()),
        last_login_at: Set(None),
        staff_role: Set(Some(role)),
        must_change_password: Set(true),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match inserted {
        Ok(u) => u,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(AppError::invalid(
                "email",
                "There is already an account with this email.",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &txn,
        actor,
        Change {
            action: "staff.create",
            entity: "user",
            entity_id: Some(created.id),
            client_id: None,
            changes: serde_json::json!({ "email": email, "full_name": full_name, "role": role }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(IssuedPassword {
        email,
        password: issued,
    })
}

/// Active administrators other than `except`, locked on PostgreSQL so that two administrators
/// demoting each other at once cannot both succeed (SQLite has one writer anyway).
async fn other_active_admins<C: ConnectionTrait>(conn: &C, except: i32) -> Result<usize, DbErr> {
    let mut q = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::IsStaff.eq(true))
        .filter(user::Column::IsActive.eq(true))
        .filter(user::Column::StaffRole.eq(StaffRole::Administrator))
        .filter(user::Column::Id.ne(except));
    if conn.get_database_backend() == DbBackend::Postgres {
        q = q.lock_exclusive();
    }
    Ok(q.into_tuple::<i32>().all(conn).await?.len())
}

/// Changes a staff member's role and whether the account is active. Deactivation takes effect
/// on their next request (every request re-reads the account).
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    staff_id: i32,
    role: StaffRole,
    is_active: bool,
) -> Result<StaffMember, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let before = require_staff(&txn, staff_id).await?;
    let old_role = before.staff_role.unwrap_or(StaffRole::ReadOnly);
    if old_role == role && before.is_active == is_active {
        return Ok(member(before));
    }
    if actor.user_id == Some(staff_id) {
        return Err(AppError::Conflict(
            "You cannot change your own role or deactivate yourself; ask another administrator."
                .into(),
        ));
    }
    let stays_admin = role == StaffRole::Administrator && is_active;
    let was_admin = old_role == StaffRole::Administrator && before.is_active;
    if was_admin && !stays_admin && other_active_admins(&txn, staff_id).await? == 0 {
        return Err(AppError::Conflict(
            "This is the last active administrator: make someone else an administrator first."
                .into(),
        ));
    }
    let mut active: user::ActiveModel = before.clone().into();
    active.staff_role = Set(Some(role));
    active.is_active = Set(is_active);
    let after = active.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change {
            action: "staff.update",
            entity: "user",
            entity_id: Some(staff_id),
            client_id: None,
            changes: audit::diff(
                &serde_json::json!({ "role": old_role, "is_active": before.is_active }),
                &serde_json::json!({ "role": role, "is_active": is_active }),
            ),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(member(after))
}

/// A new generated password for another staff member, to be replaced at their next sign-in.
pub async fn reset_password(
    db: &DatabaseConnection,
    actor: &Actor,
    staff_id: i32,
) -> Result<IssuedPassword, AppError> {
    if actor.user_id == Some(staff_id) {
        return Err(AppError::Conflict(
            "Change your own password from the password page instead.".into(),
        ));
    }
    let issued = password::generate();
    let hash = password::hash_off_thread(issued.clone()).await?;
    let txn = crate::db::begin_write(db).await?;
    let target = require_staff(&txn, staff_id).await?;
    let mut active: user::ActiveModel = target.clone().into();
    active.password_hash = Set(Some(hash));
    active.must_change_password = Set(true);
    active.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change {
            action: "staff.reset_password",
            entity: "user",
            entity_id: Some(staff_id),
            client_id: None,
            changes: serde_json::json!({ "email": target.email }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(IssuedPassword {
        email: target.email,
        password: issued,
    })
}

/// A staff member replaces their own password (required after an issued one).
pub async fn change_own_password(
    db: &DatabaseConnection,
    actor: &Actor,
    current: &str,
    new_password: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let id = actor.user_id.ok_or(AppError::Unauthorized)?;
    let me = require_staff(db, id).await?;
    if current.len() > 1024 || new_password.len() > 4096 || confirm.len() > 4096 {
        return Err(AppError::BadRequest("Password too long.".into()));
    }
    let stored = me.password_hash.clone().unwrap_or_default();
    if !password::verify_off_thread(current.to_owned(), stored).await {
        return Err(AppError::invalid(
            "current",
            "That is not your current password.",
        ));
    }
    if let Some(problem) = password_problem(new_password, &me.email) {
        return Err(AppError::invalid("new_password", problem));
    }
    if new_password == current {
        return Err(AppError::invalid(
            "new_password",
            "Choose a password different from the current one.",
        ));
    }
    if new_password != confirm {
        return Err(AppError::invalid(
            "confirm",
            "The two new passwords are not the same.",
        ));
    }
    let hash = password::hash_off_thread(new_password.to_owned()).await?;
    let txn = crate::db::begin_write(db).await?;
    let mut active: user::ActiveModel = me.into();
    active.password_hash = Set(Some(hash));
    active.must_change_password = Set(false);
    active.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change {
            action: "staff.change_password",
            entity: "user",
            entity_id: Some(id),
            client_id: None,
            changes: serde_json::json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
