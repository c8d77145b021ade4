//! The one error type every server function returns: it travels to the browser as JSON and
//! decides the HTTP status of the response.

use serde::{Deserialize, Serialize};

/// A message about one form field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("Please correct the highlighted fields.")]
    Invalid(Vec<FieldError>),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("Please sign in.")]
    Unauthorized,
    #[error("Wrong email or password.")]
    WrongCredentials,
    #[error("You are not allowed to do that.")]
    Forbidden,
    /// A staff member signed in with an issued password and has not chosen their own yet.
    #[error("Choose a new password before you continue.")]
    PasswordChangeRequired,
    #[error("{0}")]
    TooManyRequests(String),
    /// The database gave up in time (statement time limit, lock wait, no free connection):
    /// the request may well work a little later or narrowed down.
    #[error("{0}")]
    Unavailable(String),
    #[error("Something went wrong on our side; it has been logged.")]
    Internal,
    /// The request never reached the function, or its answer was not readable.
    #[error("{0}")]
    Transport(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) | AppError::Transport(_) => 400,
            AppError::Invalid(_) => 422,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::Unauthorized | AppError::WrongCredentials => 401,
            AppError::Forbidden | AppError::PasswordChangeRequired => 403,
            AppError::TooManyRequests(_) => 429,
            AppError::Unavailable(_) => 503,
            AppError::Internal => 500,
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The message for one field, when this is a validation error that names it.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }
}

impl server_fn::error::FromServerFnError for AppError {
    type Encoder = server_fn::codec::JsonEncoding;

    fn from_server_fn_error(e: server_fn::error::ServerFnErrorErr) -> Self {
        use server_fn::error::ServerFnErrorErr as E;
        match e {
            E::Args(m) | E::Deserialization(m) | E::MissingArg(m) => AppError::BadRequest(m),
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// A database error as the caller's error (server side only).
#[cfg(feature = "db")]
pub mod db {
    use super::AppError;

    /// What the caller is told when a statement hit its time limit.
    pub const TOO_SLOW: &str = "The query took too long; try again or narrow the search.";

    /// A database error is logged in full and reported to the caller without details, except for
    /// the time limits, which the caller can act on.
    pub fn internal(e: sea_orm::DbErr) -> AppError {
        if let Some(message) = time_limit(&e) {
            tracing::warn!(error = %e, "database time limit");
            return AppError::Unavailable(message.to_owned());
        }
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }

    /// Whether `e` is one of the database's time limits (see `db::DbLimits`), and what to say.
    fn time_limit(e: &sea_orm::DbErr) -> Option<&'static str> {
        use sea_orm::{DbErr, RuntimeErr};
        let sqlx = match e {
            DbErr::ConnectionAcquire(_) => return Some("The database is busy; try again shortly."),
            DbErr::Query(RuntimeErr::SqlxError(x))
            | DbErr::Exec(RuntimeErr::SqlxError(x))
            | DbErr::Conn(RuntimeErr::SqlxError(x)) => x,
            _ => return None,
        };
        if matches!(**sqlx, sea_orm::sqlx::Error::PoolTimedOut) {
            return Some("The database is busy; try again shortly.");
        }
        let code = sqlx.as_database_error()?.code()?;
        match code.as_ref() {
            // PostgreSQL query_canceled (statement_timeout); SQLite SQLITE_INTERRUPT (our
            // progress handler's deadline).
            "57014" | "9" => Some(TOO_SLOW),
            // PostgreSQL lock_not_available (lock_timeout).
            "55P03" => Some("The data is being changed by someone else; try again shortly."),
            _ => None,
        }
    }

    impl From<sea_orm::DbErr> for AppError {
        fn from(e: sea_orm::DbErr) -> Self {
            internal(e)
        }
    }

    impl From<sea_orm::TransactionError<AppError>> for AppError {
        fn from(e: sea_orm::TransactionError<AppError>) -> Self {
            match e {
                sea_orm::TransactionError::Connection(e) => internal(e),
                sea_orm::TransactionError::Transaction(e) => e,
            }
        }
    }
}
