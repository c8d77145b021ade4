//! The first staff account, so a new installation can be signed in to.

use super::password;
use crate::entities::user;
use chrono::Utc;
use model::StaffRole;
use sea_orm::prelude::*;
use sea_orm::{ActiveModelTrait, Set};
use std::sync::OnceLock;

pub const DEFAULT_ADMIN_EMAIL: &str = "admin@cumulus.local";

/// A valid hash of nothing anyone knows, to verify against when an email is unknown.
pub fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash(&password::generate()))
}

/// What `ensure_staff` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Bootstrap {
    /// Staff exist already: nothing done.
    Present,
    /// Created with the given password (from the environment or generated).
    Created {
        email: String,
        password: String,
        generated: bool,
    },
}

/// When no staff user exists, creates an administrator: `email`/`password` when given (e.g.
/// from `CUMULUS_ADMIN_EMAIL`/`CUMULUS_ADMIN_PASSWORD`), otherwise with a generated password
/// that must be replaced at the first sign-in.
pub async fn ensure_staff(
    db: &DatabaseConnection,
    email: Option<String>,
    password: Option<String>,
) -> Result<Bootstrap, DbErr> {
    let any_staff = user::Entity::find()
        .filter(user::Column::IsStaff.eq(true))
        .one(db)
        .await?
        .is_some();
    if any_staff {
        return Ok(Bootstrap::Present);
    }
    let email = email
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| DEFAULT_ADMIN_EMAIL.to_owned());
    let (password, generated) = match password.filter(|p| !p.is_empty()) {
        Some(p) => (p, false),
        None => (password::generate(), true),
    };
    user::ActiveModel {
        email: Set(email.clone()),
        full_name: Set("Administrator".to_owned()),
        password_hash: Set(Some(password::hash(&password))),
        is_staff: Set(true),
        is_active: Set(true),
        created_at: Set(Utc::now()),
        last_login_at: Set(None),
        staff_role: Set(Some(StaffRole::Administrator)),
        must_change_password: Set(generated),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Bootstrap::Created {
        email,
        password,
        generated,
    })
}

/// The account `server bench` signs in with.
pub const BENCH_EMAIL: &str = "bench@cumulus.invalid";

/// A read-only staff account for `server bench`, with a new random password each call: the
/// benchmark signs in through the real form like any staff member. `retire_bench_account`
/// deactivates it again when the run ends.
pub async fn bench_account(db: &DatabaseConnection) -> Result<(String, String), DbErr> {
    let password = password::generate();
    let hash = password::hash(&password);
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(BENCH_EMAIL))
        .one(db)
        .await?;
    let mut account = match existing {
        Some(u) => u.into(),
        None => user::ActiveModel {
            email: Set(BENCH_EMAIL.to_owned()),
            full_name: Set("Benchmark (server bench)".to_owned()),
            is_staff: Set(true),
            created_at: Set(Utc::now()),
            last_login_at: Set(None),
            ..Default::default()
        },
    };
    account.password_hash = Set(Some(hash));
    account.is_active = Set(true);
    // Billing: the least a role may hold to read every page and download the export too.
    account.staff_role = Set(Some(StaffRole::Billing));
    account.must_change_password = Set(false);
    account.save(db).await?;
    Ok((BENCH_EMAIL.to_owned(), password))
}

/// Deactivates the benchmark's account: nobody signs in with it between runs.
pub async fn retire_bench_account(db: &DatabaseConnection) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::IsActive, Expr::value(false))
        .filter(user::Column::Email.eq(BENCH_EMAIL))
        .exec(db)
        .await?;
    Ok(())
}
