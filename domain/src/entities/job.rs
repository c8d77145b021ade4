use sea_orm::entity::prelude::*;
use sea_orm::sea_query::StringLen;

/// What a job does. Stored by name (`jobs.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum JobKind {
    /// Suspending -> Suspended: services stop, projects are disabled.
    #[sea_orm(string_value = "suspend_client")]
    SuspendClient,
    /// Deleting -> gone: services end, projects are deleted, then the client.
    #[sea_orm(string_value = "delete_client")]
    DeleteClient,
    /// Brings a running client's cloud up: creates its projects still pending (a new
    /// service) and re-enables those of a resumed client (the database side is done in the
    /// request).
    #[sea_orm(string_value = "resume_client")]
    ResumeClient,
    /// Reads the client's projects and resources from the cloud into our tables ("Refresh
    /// from cloud", and the periodic sweep).
    #[sea_orm(string_value = "sync_client")]
    SyncClient,
    /// Works on a bulk run for a while (see `services::bulk`); bound to no client.
    #[sea_orm(string_value = "bulk_run")]
    BulkRun,
}

impl JobKind {
    /// The stored name (also what the audit log shows).
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::SuspendClient => "suspend_client",
            JobKind::DeleteClient => "delete_client",
            JobKind::ResumeClient => "resume_client",
            JobKind::SyncClient => "sync_client",
            JobKind::BulkRun => "bulk_run",
        }
    }
}

/// Where a job is. Stored by name (`jobs.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum JobStatus {
    /// Waiting for a worker (new, or after a failed attempt until `run_at`).
    #[sea_orm(string_value = "queued")]
    Queued,
    /// Claimed by `locked_by`, whose lease runs from `locked_at`.
    #[sea_orm(string_value = "running")]
    Running,
    #[sea_orm(string_value = "done")]
    Done,
    /// Failed at its last attempt; waits for staff.
    #[sea_orm(string_value = "failed")]
    Failed,
}

impl JobStatus {
    /// The statuses of a job that will still run.
    pub const LIVE: [JobStatus; 2] = [JobStatus::Queued, JobStatus::Running];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
        }
    }

    pub fn is_live(self) -> bool {
        Self::LIVE.contains(&self)
    }
}

/// Durable background work; see `domain::jobs`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: JobKind,
    pub client_id: Option<i32>,
    pub status: JobStatus,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTimeUtc,
    pub locked_by: Option<String>,
    pub locked_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Steps done so far (JSON array of names); see `domain::jobs::Progress`.
    pub progress: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// In the audit log's JSON, a kind or status is its stored name.
macro_rules! serialize_as_stored {
    ($($t:ty),*) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    )*};
}
serialize_as_stored!(JobKind, JobStatus);

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ActiveEnum, Iterable};

    #[test]
    fn as_str_is_the_stored_name() {
        for k in JobKind::iter() {
            assert_eq!(k.as_str(), k.to_value());
        }
        for s in JobStatus::iter() {
            assert_eq!(s.as_str(), s.to_value());
        }
    }
}
