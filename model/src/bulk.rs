//! Bulk work: one action on every selected client, run in the background (see
//! `domain::services::bulk`), and what staff see of it.

use super::selection::Selection;
use super::staff::Permission;
use super::status::LifecycleAction;
use super::ClientStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a bulk run does to each of its clients: the single actions of the detail page, with
/// their parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkAction {
    Suspend { reason: String },
    Resume,
    Delete,
    ChangeConfiguration { configuration_id: i32 },
    AddToGroup { group_id: i32 },
    RemoveFromGroup { group_id: i32 },
}

impl BulkAction {
    /// A stable name (stored on the run, and in the audit log).
    pub fn key(&self) -> &'static str {
        match self {
            BulkAction::Suspend { .. } => "suspend",
            BulkAction::Resume => "resume",
            BulkAction::Delete => "delete",
            BulkAction::ChangeConfiguration { .. } => "change_configuration",
            BulkAction::AddToGroup { .. } => "add_to_group",
            BulkAction::RemoveFromGroup { .. } => "remove_from_group",
        }
    }

    /// As a button says it.
    pub fn label(&self) -> &'static str {
        match self {
            BulkAction::Suspend { .. } => "Suspend",
            BulkAction::Resume => "Resume",
            BulkAction::Delete => "Delete",
            BulkAction::ChangeConfiguration { .. } => "Change configuration",
            BulkAction::AddToGroup { .. } => "Add to group",
            BulkAction::RemoveFromGroup { .. } => "Remove from group",
        }
    }

    /// The lifecycle action it is, if it is one.
    pub fn lifecycle(&self) -> Option<LifecycleAction> {
        match self {
            BulkAction::Suspend { .. } => Some(LifecycleAction::Suspend),
            BulkAction::Resume => Some(LifecycleAction::Resume),
            BulkAction::Delete => Some(LifecycleAction::Delete),
            _ => None,
        }
    }

    /// What starting it needs: the single action's permission.
    pub fn permission(&self) -> Permission {
        self.lifecycle()
            .map_or(Permission::ManageClients, LifecycleAction::permission)
    }

    /// Whether the staff member must type the count to confirm it on `count` clients: a
    /// deletion of more than one cannot be undone.
    pub fn needs_typed_count(&self, count: u64) -> bool {
        matches!(self, BulkAction::Delete) && count > 1
    }
}

/// "Do `action` to the clients `selection` names", as the dashboard sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkRequest {
    pub selection: Selection,
    pub action: BulkAction,
    /// The count the staff member typed, where the action asks for it.
    pub confirm: Option<u64>,
}

/// Where a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkStatus {
    /// Finding the clients a filter selects.
    Preparing,
    Running,
    Done,
    /// Stopped by an error after its retries (the reason is on the run); "Retry failed"
    /// goes on from where it stopped.
    Failed,
}

impl BulkStatus {
    pub const ALL: [BulkStatus; 4] = [
        BulkStatus::Preparing,
        BulkStatus::Running,
        BulkStatus::Done,
        BulkStatus::Failed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BulkStatus::Preparing => "preparing",
            BulkStatus::Running => "running",
            BulkStatus::Done => "done",
            BulkStatus::Failed => "failed",
        }
    }

    pub fn parse(key: &str) -> Option<BulkStatus> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            BulkStatus::Preparing => "Finding the clients",
            BulkStatus::Running => "Running",
            BulkStatus::Done => "Finished",
            BulkStatus::Failed => "Stopped",
        }
    }

    /// Whether the run still changes (the page keeps polling).
    pub fn is_live(self) -> bool {
        matches!(self, BulkStatus::Preparing | BulkStatus::Running)
    }
}

/// What happened to one client of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkOutcome {
    Pending,
    Done,
    /// Something went wrong; "Retry failed" runs it again.
    Failed,
    /// The single action's rules refused it (e.g. its status does not allow the action).
    Skipped,
}

impl BulkOutcome {
    pub const ALL: [BulkOutcome; 4] = [
        BulkOutcome::Pending,
        BulkOutcome::Done,
        BulkOutcome::Failed,
        BulkOutcome::Skipped,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BulkOutcome::Pending => "pending",
            BulkOutcome::Done => "done",
            BulkOutcome::Failed => "failed",
            BulkOutcome::Skipped => "skipped",
        }
    }

    pub fn parse(key: &str) -> Option<BulkOutcome> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            BulkOutcome::Pending => "Pending",
            BulkOutcome::Done => "Done",
            BulkOutcome::Failed => "Failed",
            BulkOutcome::Skipped => "Skipped",
        }
    }
}

/// A run as the progress panel and the list of runs show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkRunView {
    pub id: i32,
    pub action: BulkAction,
    /// The configuration or group the action names, by name.
    pub target: Option<String>,
    pub status: BulkStatus,
    pub started_by: String,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Clients in the run (while preparing: as many as were selected).
    pub total: u64,
    pub done: u64,
    pub failed: u64,
    pub skipped: u64,
    pub error: Option<String>,
}

impl BulkRunView {
    pub fn pending(&self) -> u64 {
        self.total
            .saturating_sub(self.done + self.failed + self.skipped)
    }

    /// Per cent of the clients with an outcome, for the progress bar.
    pub fn percent(&self) -> u64 {
        match self.total {
            0 => 100,
            total => (self.done + self.failed + self.skipped) * 100 / total,
        }
    }

    /// "Suspend", "Add to group Premium", ...
    pub fn title(&self) -> String {
        match &self.target {
            Some(t) => format!("{} {t}", self.action.label()),
            None => self.action.label().to_owned(),
        }
    }
}

/// One client of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkItemView {
    pub id: i32,
    pub client_id: i32,
    pub label: String,
    pub outcome: BulkOutcome,
    pub reason: Option<String>,
    /// The client's status now (`None`: it no longer exists): a suspension the run started
    /// shows Suspending until its job is through.
    pub status: Option<ClientStatus>,
    /// A job is still moving the client on (the page keeps polling).
    pub busy: bool,
}

/// A run and a page of its clients (`outcome` narrows them; paged after an item id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkRunPage {
    pub run: BulkRunView,
    pub items: Vec<BulkItemView>,
    /// Where the next page starts, if there is one.
    pub next_after: Option<i32>,
}

impl BulkRunPage {
    /// Whether what the page shows will still change: the run, or a client's job.
    pub fn is_live(&self) -> bool {
        self.run.status.is_live() || self.items.iter().any(|i| i.busy)
    }
}

/// Clients shown per page of a run.
pub const ITEMS_PER_PAGE: u64 = 50;

/// The progress page of a run.
pub fn run_href(id: i32) -> String {
    crate::routes::bulk_run(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for s in BulkStatus::ALL {
            assert_eq!(BulkStatus::parse(s.key()), Some(s));
        }
        for o in BulkOutcome::ALL {
            assert_eq!(BulkOutcome::parse(o.key()), Some(o));
        }
        assert_eq!(BulkOutcome::parse("nope"), None);
    }

    #[test]
    fn deleting_many_asks_for_the_count_and_its_own_permission() {
        assert!(BulkAction::Delete.needs_typed_count(2));
        assert!(!BulkAction::Delete.needs_typed_count(1));
        assert!(!BulkAction::Resume.needs_typed_count(500));
        assert_eq!(BulkAction::Delete.permission(), Permission::DeleteClients);
        assert_eq!(
            BulkAction::AddToGroup { group_id: 1 }.permission(),
            Permission::ManageClients
        );
    }
}
