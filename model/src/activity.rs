//! A client's activity: the audit log entries about it, for the Activity tab.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub id: i32,
    pub at: DateTime<Utc>,
    /// Who: a staff member's email, or "system" for background work.
    pub actor: String,
    /// What, e.g. `client.suspend`, `invoice.create`.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i32>,
    /// The changed values, as JSON.
    pub changes: String,
}
