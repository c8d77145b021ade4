/// A failed call, worded for the job error staff see on the client's badge.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Keystone refused the credentials (401) or answered something else than a token.
    #[error("OpenStack: authentication at {url} failed: {message}")]
    Auth { url: String, message: String },
    /// The catalog has no endpoint of this type in the region.
    #[error("OpenStack: no {service_type} endpoint in region {region:?} (the catalog has regions: {available})")]
    MissingEndpoint {
        service_type: String,
        region: String,
        available: String,
    },
    /// No answer (connection refused, DNS, timeout), after the retries.
    #[error("OpenStack: {service} at {url} did not answer: {message}")]
    Unreachable {
        service: String,
        url: String,
        message: String,
    },
    /// An error answer, after the retries for 5xx.
    #[error("OpenStack: {service} {method} {url} answered {status}: {message}")]
    Status {
        service: String,
        method: String,
        url: String,
        status: u16,
        message: String,
    },
    /// A 404 where the thing must exist (not for deletions).
    #[error("OpenStack: {what} not found")]
    NotFound { what: String },
    /// An answer we could not read.
    #[error("OpenStack: {service} answered something unexpected: {message}")]
    Decode { service: String, message: String },
}
