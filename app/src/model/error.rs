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

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(e: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match e {
            E::Args(m) | E::Deserialization(m) | E::MissingArg(m) => AppError::BadRequest(m),
            other => AppError::Transport(other.to_string()),
        }
    }
}
