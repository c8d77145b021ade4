//! Sign-in, sessions and impersonation.
//!
//! A session holds a `SessionAuth`: the user acting, and the staff member behind them while
//! impersonating. Every request resolves it to a `Principal` from the database, so disabling a
//! user or revoking staff rights takes effect at once.

pub mod access;
pub mod bootstrap;
pub mod password;
pub mod session_store;
pub mod throttle;

use crate::audit::{self, Actor, Change};
use crate::entities::user;
use chrono::{DateTime, Utc};
use model::auth::CurrentUser;
use model::staff::Permission;
use model::{AppError, StaffRole};
use sea_orm::prelude::*;
use sea_orm::{ActiveModelTrait, Set};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const SESSION_KEY: &str = "auth";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct SessionAuth {
    user_id: i32,
    impersonator_id: Option<i32>,
}

/// The signed-in user, and the staff member behind them while impersonating.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user: user::Model,
    pub impersonator: Option<user::Model>,
}

impl Principal {
    /// Staff acting as themselves: what every `/staff` page and server function requires.
    pub fn is_staff(&self) -> bool {
        self.user.is_staff && self.impersonator.is_none()
    }

    /// The staff member's role while acting as themselves (an account without one reads only).
    pub fn role(&self) -> Option<StaffRole> {
        self.is_staff()
            .then(|| self.user.staff_role.unwrap_or(StaffRole::ReadOnly))
    }

    /// Whether the role grants `permission` (never while impersonating).
    pub fn can(&self, permission: Permission) -> bool {
        self.role().is_some_and(|r| r.can(permission))
    }

    /// Who the audit log names: the staff member, also while impersonating.
    pub fn actor(&self) -> Actor {
        let who = self.impersonator.as_ref().unwrap_or(&self.user);
        Actor {
            user_id: Some(who.id),
            email: who.email.clone(),
            bulk_run: None,
        }
    }

    pub fn current_user(&self) -> CurrentUser {
        CurrentUser {
            id: self.user.id,
            email: self.user.email.clone(),
            full_name: self.user.full_name.clone(),
            is_staff: self.user.is_staff,
            impersonator: self.impersonator.as_ref().map(|u| u.full_name.clone()),
            role: self.role(),
            must_change_password: self.is_staff() && self.user.must_change_password,
        }
    }
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store error");
    AppError::Internal
}

async fn active_user(db: &DatabaseConnection, id: i32) -> Result<Option<user::Model>, AppError> {
    Ok(user::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|u| u.is_active))
}

/// The session's principal, or `None` when signed out (or the account was disabled).
pub async fn principal(
    db: &DatabaseConnection,
    session: &Session,
) -> Result<Option<Principal>, AppError> {
    let Some(auth) = session
        .get::<SessionAuth>(SESSION_KEY)
        .await
        .map_err(session_error)?
    else {
        return Ok(None);
    };
    let Some(user) = active_user(db, auth.user_id).await? else {
        return Ok(None);
    };
    let impersonator = match auth.impersonator_id {
        None => None,
        Some(id) => match active_user(db, id).await? {
            Some(staff) if staff.is_staff => Some(staff),
            // The staff member behind an impersonation lost their rights: end it.
            _ => return Ok(None),
        },
    };
    Ok(Some(Principal { user, impersonator }))
}

/// Checks the password, throttled per account and address (see `throttle`); on success the
/// session gets a new id (no fixation) and holds the user.
pub async fn sign_in(
    db: &DatabaseConnection,
    session: &Session,
    email: &str,
    password: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<user::Model, AppError> {
    let email = email.trim().to_lowercase();
    if email.is_empty() || password.is_empty() {
        return Err(AppError::invalid("email", "Enter your email and password."));
    }
    if email.len() > 254 || password.len() > 1024 {
        return Err(AppError::BadRequest("Email or password too long.".into()));
    }
    let reservation = match throttle::reserve(db, throttle::Keys::new(&email, ip), now).await? {
        Ok(r) => r,
        Err(blocked) => {
            let minutes = ((blocked.until - now).num_seconds().max(1) + 59) / 60;
            let from = if blocked.by_address {
                "from this address"
            } else {
                "for this account from this address"
            };
            return Err(AppError::TooManyRequests(format!(
                "Too many failed sign-ins {from}. Try again in {minutes} minute{}.",
                if minutes == 1 { "" } else { "s" }
            )));
        }
    };
    let delay = reservation.delay();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    // Verify against a dummy hash when there is no such user, so timing does not tell.
    let hash = found
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| bootstrap::dummy_hash().to_owned());
    let ok = password::verify_off_thread(password.to_owned(), hash).await && found.is_some();
    let user = match found {
        Some(u) if ok && u.is_active => u,
        _ => {
            reservation.failed(db, &email, ip, now).await?;
            return Err(AppError::WrongCredentials);
        }
    };
    reservation.succeeded(db).await?;
    let mut active: user::ActiveModel = user.clone().into();
    active.last_login_at = Set(Some(now));
    active.update(db).await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(
            SESSION_KEY,
            SessionAuth {
                user_id: user.id,
                impersonator_id: None,
            },
        )
        .await
        .map_err(session_error)?;
    Ok(user)
}

pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

/// The client a user belongs to (the earliest association), for the audit log.
async fn client_of(db: &DatabaseConnection, user_id: i32) -> Result<Option<i32>, AppError> {
    use crate::entities::client_user;
    use sea_orm::QueryOrder;
    Ok(client_user::Entity::find()
        .filter(client_user::Column::UserId.eq(user_id))
        .order_by_asc(client_user::Column::Id)
        .one(db)
        .await?
        .map(|l| l.client_id))
}

/// Staff act as an end user of one of their clients; audited.
pub async fn impersonate(
    db: &DatabaseConnection,
    session: &Session,
    staff: &Principal,
    user_id: i32,
) -> Result<user::Model, AppError> {
    if !staff.can(Permission::Impersonate) {
        return Err(AppError::Forbidden);
    }
    let target = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("User {user_id}")))?;
    if target.is_staff {
        return Err(AppError::BadRequest(
            "Staff accounts cannot be impersonated.".into(),
        ));
    }
    if !target.is_active {
        return Err(AppError::Conflict(
            "Only active users can be impersonated.".into(),
        ));
    }
    // As the user, staff could start work on any of the user's clients: none may be
    // winding down (the rule is `ClientStatus::allows`).
    {
        use crate::entities::{client, client_user};
        use model::status::NewWork;
        let links = client_user::Entity::find()
            .filter(client_user::Column::UserId.eq(target.id))
            .all(db)
            .await?;
        let clients = client::Entity::find()
            .filter(client::Column::Id.is_in(links.iter().map(|l| l.client_id)))
            .all(db)
            .await?;
        if let Some(refusal) = clients
            .iter()
            .find_map(|c| c.status.refuses(NewWork::Impersonation))
        {
            return Err(AppError::Conflict(refusal));
        }
    }
    audit::record(
        db,
        &staff.actor(),
        Change {
            action: "impersonation.start",
            entity: "user",
            entity_id: Some(target.id),
            client_id: client_of(db, target.id).await?,
            changes: serde_json::json!({ "user": target.email }),
        },
    )
    .await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(
            SESSION_KEY,
            SessionAuth {
                user_id: target.id,
                impersonator_id: Some(staff.user.id),
            },
        )
        .await
        .map_err(session_error)?;
    Ok(target)
}

/// Back to the staff member's own session; audited.
pub async fn stop_impersonating(
    db: &DatabaseConnection,
    session: &Session,
    principal: &Principal,
) -> Result<(), AppError> {
    let Some(staff) = &principal.impersonator else {
        return Err(AppError::BadRequest(
            "You are not impersonating anyone.".into(),
        ));
    };
    audit::record(
        db,
        &principal.actor(),
        Change {
            action: "impersonation.stop",
            entity: "user",
            entity_id: Some(principal.user.id),
            client_id: client_of(db, principal.user.id).await?,
            changes: serde_json::json!({ "user": principal.user.email }),
        },
    )
    .await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(
            SESSION_KEY,
            SessionAuth {
                user_id: staff.id,
                impersonator_id: None,
            },
        )
        .await
        .map_err(session_error)
}
