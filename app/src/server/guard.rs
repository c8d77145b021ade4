//! Keeping one request's failures to itself: a panic becomes an error value, and work for a
//! request the client has abandoned is dropped (which drops its database futures).

use std::any::Any;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use tokio::sync::watch;

/// Held by the server for as long as a request is in flight: in its handler future, then in
/// its response body. Dropping it (answer sent, or client gone) wakes every `RequestGone`.
pub struct RequestAlive(#[allow(dead_code)] watch::Sender<()>);

/// Put in the request's extensions; resolves once the request is over.
#[derive(Clone, Debug)]
pub struct RequestGone(watch::Receiver<()>);

impl RequestGone {
    pub fn pair() -> (RequestAlive, RequestGone) {
        let (tx, rx) = watch::channel(());
        (RequestAlive(tx), RequestGone(rx))
    }

    /// Waits until the `RequestAlive` is dropped (nothing is ever sent on the channel).
    pub async fn wait(mut self) {
        while self.0.changed().await.is_ok() {}
    }
}

/// The current request's `RequestGone`, when called inside a request (page render or server
/// function) that went through the server's guard layer.
pub fn current_request_gone() -> Option<RequestGone> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestGone>().cloned())
}

/// Runs `fut`, turning a panic in it into `Err(message)`. Page resources run in spawned tasks
/// where a panic would otherwise leave the streamed page unfinished for good.
pub async fn catching<F: Future>(fut: F) -> Result<F::Output, String> {
    let mut fut = Box::pin(fut);
    std::future::poll_fn(
        move |cx| match catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
            Ok(poll) => poll.map(Ok),
            Err(payload) => std::task::Poll::Ready(Err(panic_message(payload.as_ref()))),
        },
    )
    .await
}

/// The text of a panic payload (`panic!` with a literal or a formatted message).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_an_error() {
        let r = catching(async {
            tokio::task::yield_now().await;
            let n: u64 = u64::MAX;
            i64::try_from(n).expect("offset fits")
        })
        .await;
        assert!(r.unwrap_err().contains("offset fits"));
        assert_eq!(catching(async { 7 }).await, Ok(7));
    }

    #[tokio::test]
    async fn gone_wakes_when_alive_is_dropped() {
        let (alive, gone) = RequestGone::pair();
        let waiter = tokio::spawn(gone.clone().wait());
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        drop(alive);
        waiter.await.unwrap();
        gone.wait().await;
    }
}
