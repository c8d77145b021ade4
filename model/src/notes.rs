//! Staff notes on a client: what the overview tab lists, and the pinned ones the header and
//! the dashboard show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 4000;
/// How many notes of one client may be pinned at once: pins are for the few things every
/// visit must see, and the dashboard loads them for every client of a page.
pub const MAX_PINNED: u64 = 5;
/// How much of a pinned note the dashboard carries (the full text is on the client's page).
pub const DASHBOARD_NOTE_CHARS: usize = 200;

/// One note, as the overview tab lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientNote {
    pub id: i32,
    pub body: String,
    pub pinned: bool,
    /// Who wrote it (a staff member's email).
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ClientNote {
    /// Edited after it was written.
    pub fn edited(&self) -> bool {
        self.updated_at > self.created_at
    }
}

/// A note's body, trimmed, or the message saying why it cannot be saved.
pub fn checked_body(body: &str) -> Result<String, &'static str> {
    let body = body.trim();
    if body.is_empty() {
        Err("Write something.")
    } else if body.chars().count() > MAX_NOTE_CHARS {
        Err("A note holds at most 4000 characters.")
    } else {
        Ok(body.to_owned())
    }
}

/// Pinned notes as one hover text: one note per line, newest first.
pub fn hover_text(pinned: &[String]) -> String {
    pinned.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_trimmed_and_bounded() {
        assert_eq!(checked_body("  call back  "), Ok("call back".into()));
        assert!(checked_body(" \n\t ").is_err());
        assert!(checked_body(&"é".repeat(MAX_NOTE_CHARS)).is_ok());
        assert!(checked_body(&"é".repeat(MAX_NOTE_CHARS + 1)).is_err());
    }
}
