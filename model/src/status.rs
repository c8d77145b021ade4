//! The rules of a client's status, in one place.

use super::{ClientStatus, ServiceStatus};
use serde::{Deserialize, Serialize};

/// What staff can do to a client's lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LifecycleAction {
    Suspend,
    Resume,
    Delete,
}

impl LifecycleAction {
    pub const ALL: [LifecycleAction; 3] = [
        LifecycleAction::Suspend,
        LifecycleAction::Resume,
        LifecycleAction::Delete,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LifecycleAction::Suspend => "Suspend",
            LifecycleAction::Resume => "Resume",
            LifecycleAction::Delete => "Delete",
        }
    }

    /// The statuses a client may be in for this action to start.
    pub fn allowed_from(self) -> &'static [ClientStatus] {
        use ClientStatus::*;
        match self {
            LifecycleAction::Suspend => &[Active, Inactive],
            LifecycleAction::Resume => &[Suspended],
            LifecycleAction::Delete => &[Active, Inactive, Suspended],
        }
    }

    /// The status the client shows while the action's work is in progress.
    pub fn in_progress(self) -> Option<ClientStatus> {
        match self {
            LifecycleAction::Suspend => Some(ClientStatus::Suspending),
            LifecycleAction::Delete => Some(ClientStatus::Deleting),
            LifecycleAction::Resume => None,
        }
    }

    /// Why the action cannot start from `status`, for the message staff see.
    pub fn refusal(self, status: ClientStatus) -> Option<String> {
        if self.allowed_from().contains(&status) {
            None
        } else {
            Some(format!(
                "Cannot {} a client that is {}.",
                self.label().to_lowercase(),
                status.label().to_lowercase()
            ))
        }
    }
}

/// New work staff can start for a client (see `ClientStatus::allows`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewWork {
    Service,
    Invoice,
    Impersonation,
    /// Associating users or changing their roles.
    UserChange,
    /// Adding or withdrawing credit.
    Credit,
}

impl NewWork {
    fn label(self) -> &'static str {
        match self {
            NewWork::Service => "add a service to",
            NewWork::Invoice => "invoice",
            NewWork::Impersonation => "sign in as a user of",
            NewWork::UserChange => "change the users of",
            NewWork::Credit => "adjust the credit of",
        }
    }
}

impl ServiceStatus {
    /// Services that ended: they no longer count anywhere (cards, filters, the client's
    /// status). The database's facts use the same list (`migration::ENDED_SERVICES`).
    pub const ENDED: [ServiceStatus; 2] = [ServiceStatus::Terminated, ServiceStatus::Cancelled];

    /// Whether the service still counts: every status but the ended ones.
    pub fn is_live(self) -> bool {
        !Self::ENDED.contains(&self)
    }
}

impl ClientStatus {
    /// Only Active clients count against the licence.
    pub fn counts_against_licence(self) -> bool {
        self == ClientStatus::Active
    }

    /// What the status means, for tooltips.
    pub fn description(self) -> &'static str {
        match self {
            ClientStatus::Active => "Client has at least one active service",
            ClientStatus::Inactive => "Client has no active services",
            ClientStatus::Suspending => "Client and services are being suspended",
            ClientStatus::Suspended => "Client and services are suspended",
            ClientStatus::Deleting => "Client is being deleted",
        }
    }

    /// Work is under way (a job will change the status): pages keep it up to date.
    pub fn is_transitional(self) -> bool {
        matches!(self, ClientStatus::Suspending | ClientStatus::Deleting)
    }

    /// A job is (or should be) moving the client on: pages keep polling. Not once the job
    /// has failed for good (`lifecycle_error`): then staff must retry, and polling would only
    /// repeat the same answer forever.
    pub fn awaits_job(self, lifecycle_error: Option<&str>) -> bool {
        self.is_transitional() && lifecycle_error.is_none()
    }

    /// Whether `work` may start for a client in this status; the one rule the services
    /// enforce (409) and the pages follow (hiding the buttons). A client being suspended or
    /// deleted takes no new work; a service needs a client that is neither suspended nor on
    /// its way there.
    pub fn allows(self, work: NewWork) -> bool {
        match work {
            NewWork::Service => self.is_derived(),
            NewWork::Invoice | NewWork::Impersonation | NewWork::UserChange | NewWork::Credit => {
                !self.is_transitional()
            }
        }
    }

    /// Why `work` cannot start, for the message staff see; `None` when it can.
    pub fn refuses(self, work: NewWork) -> Option<String> {
        (!self.allows(work)).then(|| {
            format!(
                "Cannot {} a client that is {}.",
                work.label(),
                self.label().to_lowercase()
            )
        })
    }

    /// Whether the status follows from the services (Active/Inactive) rather than from a
    /// lifecycle action in progress or done (Suspending, Suspended, Deleting).
    pub fn is_derived(self) -> bool {
        matches!(self, ClientStatus::Active | ClientStatus::Inactive)
    }

    /// The lifecycle actions open to a client in this status (for menus and buttons).
    pub fn actions(self) -> impl Iterator<Item = LifecycleAction> {
        LifecycleAction::ALL
            .into_iter()
            .filter(move |a| a.allowed_from().contains(&self))
    }

    /// The status a client in `current` state should have given its services' statuses:
    /// lifecycle states stand; otherwise Active iff at least one service is active.
    pub fn recomputed(
        current: ClientStatus,
        services: impl IntoIterator<Item = ServiceStatus>,
    ) -> ClientStatus {
        if !current.is_derived() {
            return current;
        }
        Self::from_services(services)
    }

    /// Active iff at least one service is active.
    pub fn from_services(services: impl IntoIterator<Item = ServiceStatus>) -> ClientStatus {
        if services.into_iter().any(|s| s == ServiceStatus::Active) {
            ClientStatus::Active
        } else {
            ClientStatus::Inactive
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_iff_an_active_service() {
        use ServiceStatus::*;
        assert_eq!(ClientStatus::from_services([]), ClientStatus::Inactive);
        assert_eq!(
            ClientStatus::from_services([Terminated, Suspended, Pending]),
            ClientStatus::Inactive
        );
        assert_eq!(
            ClientStatus::from_services([Terminated, Active]),
            ClientStatus::Active
        );
    }

    #[test]
    fn lifecycle_states_are_not_overridden_by_services() {
        for s in [
            ClientStatus::Suspending,
            ClientStatus::Suspended,
            ClientStatus::Deleting,
        ] {
            assert_eq!(ClientStatus::recomputed(s, [ServiceStatus::Active]), s);
        }
        assert_eq!(
            ClientStatus::recomputed(ClientStatus::Inactive, [ServiceStatus::Active]),
            ClientStatus::Active
        );
    }

    #[test]
    fn lifecycle_transitions() {
        use ClientStatus::*;
        use LifecycleAction::*;
        let open = |s: ClientStatus| s.actions().collect::<Vec<_>>();
        assert_eq!(open(Active), [Suspend, Delete]);
        assert_eq!(open(Inactive), [Suspend, Delete]);
        assert_eq!(open(Suspended), [Resume, Delete]);
        assert_eq!(open(Suspending), []);
        assert_eq!(open(Deleting), []);
        assert_eq!(
            Suspend.refusal(Deleting).unwrap(),
            "Cannot suspend a client that is deleting."
        );
        assert!(Delete.refusal(Suspended).is_none());
    }

    #[test]
    fn winding_down_clients_take_no_new_work() {
        use ClientStatus::*;
        for s in [Suspending, Deleting] {
            for w in [
                NewWork::Service,
                NewWork::Invoice,
                NewWork::Impersonation,
                NewWork::UserChange,
                NewWork::Credit,
            ] {
                assert!(!s.allows(w), "{s:?} {w:?}");
            }
        }
        assert_eq!(
            Deleting.refuses(NewWork::Invoice).unwrap(),
            "Cannot invoice a client that is deleting."
        );
        assert!(Suspended.allows(NewWork::Invoice));
        assert!(Suspended.allows(NewWork::Credit));
        assert!(!Suspended.allows(NewWork::Service));
        assert!(Active.refuses(NewWork::Impersonation).is_none());
        assert!(Suspending.awaits_job(None));
        assert!(!Suspending.awaits_job(Some("failed")));
        assert!(!Active.awaits_job(None));
    }

    #[test]
    fn only_active_counts_against_licence() {
        let counted: Vec<_> = ClientStatus::ALL
            .iter()
            .filter(|s| s.counts_against_licence())
            .collect();
        assert_eq!(counted, [&ClientStatus::Active]);
    }
}
