//! No request can take the server's connection down with it or hang for ever:
//!
//! - every request gets an id, sent back as `x-request-id` and named in the log lines below;
//! - a panic in the request's own future answers 500 (panics in the page's resource tasks are
//!   caught where the work runs, in `app::server::call`);
//! - the whole exchange, streamed body included, has a time limit: 503 if the answer has not
//!   started by then, an aborted body if it has (the status line is already gone); a response
//!   marked `Streaming` (an export of any length) has the limit between its chunks instead;
//! - the request's `RequestGone` fires once the client has gone or the answer is complete, so
//!   server functions still running for it are dropped with their database work.

use app::server::guard::{catching, RequestAlive, RequestGone};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as HttpBody, Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

pub const REQUEST_ID: &str = "x-request-id";
pub const ENV: &str = "CUMULUS_REQUEST_TIMEOUT_MS";
/// Generous: the database gives up on a statement after 15 s by default.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(30);

/// The per-request time limit given as `CUMULUS_REQUEST_TIMEOUT_MS` (see `config`).
pub fn parse_time_limit(value: Option<&str>) -> Result<Duration, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_TIME_LIMIT),
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis)
            .ok_or_else(|| format!("{ENV} must be a positive number of milliseconds, not {v:?}")),
    }
}

/// On a response whose body may rightly take longer than the time limit (it streams a large
/// export chunk by chunk): the limit then applies to each wait for the next chunk.
#[derive(Clone, Copy, Debug)]
pub struct Streaming;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub time_limit: Duration,
}

/// A random id: enough to find one request's lines in the log.
fn new_request_id() -> String {
    format!("{:016x}", fastrand::u64(..))
}

pub async fn guard(State(limits): State<Limits>, mut req: Request, next: Next) -> Response {
    let deadline = Instant::now() + limits.time_limit;
    let id = new_request_id();
    let (method, path) = (req.method().clone(), req.uri().path().to_owned());
    let (alive, gone) = RequestGone::pair();
    req.extensions_mut().insert(gone);
    // `alive` lives in this future until the response exists, then in its body: a client that
    // hangs up drops one or the other.
    let answer = tokio::time::timeout_at(deadline, catching(next.run(req))).await;
    let mut res = match answer {
        Ok(Ok(res)) => res,
        Ok(Err(panic)) => {
            tracing::error!(request_id = %id, %method, %path, %panic, "request panicked");
            plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; it has been logged.",
            )
        }
        Err(_) => {
            tracing::warn!(request_id = %id, %method, %path, limit = ?limits.time_limit, "request timed out");
            timed_out()
        }
    };
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    let idle_limit = res
        .extensions()
        .get::<Streaming>()
        .map(|_| limits.time_limit);
    res.map(|inner| {
        Body::new(GuardedBody {
            inner,
            deadline: Box::pin(tokio::time::sleep_until(deadline)),
            idle_limit,
            request_id: id,
            _alive: alive,
        })
    })
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    let mut res = Response::new(Body::from(message));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

fn timed_out() -> Response {
    let mut res = plain(
        StatusCode::SERVICE_UNAVAILABLE,
        "The server took too long to answer; try again shortly.",
    );
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
    res
}

/// The response body, cut off at the request's deadline, holding the request's `RequestAlive`.
struct GuardedBody {
    inner: Body,
    deadline: Pin<Box<Sleep>>,
    /// For a `Streaming` response: the deadline moves this far on with every chunk.
    idle_limit: Option<Duration>,
    request_id: String,
    _alive: RequestAlive,
}

#[derive(Debug, thiserror::Error)]
#[error("the response did not complete within the request time limit")]
struct BodyTimedOut;

impl HttpBody for GuardedBody {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            if let Some(idle) = self.idle_limit {
                self.deadline.as_mut().reset(Instant::now() + idle);
            }
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        if self.deadline.as_mut().poll(cx).is_ready() {
            tracing::warn!(request_id = %self.request_id, "response body timed out; aborting it");
            return Poll::Ready(Some(Err(BodyTimedOut.into())));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    /// One chunk, then nothing for ever: like a page whose resource task died mid-stream.
    struct Stalls(bool);

    impl HttpBody for Stalls {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            if self.0 {
                return Poll::Pending;
            }
            self.0 = true;
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"<html>")))))
        }
    }

    /// Five chunks 20 s apart: 100 s in all, each wait within a 30 s limit.
    fn trickle(streaming: bool) -> Response {
        let chunks = futures::stream::unfold(0, |n| async move {
            if n == 5 {
                return None;
            }
            tokio::time::sleep(Duration::from_secs(20)).await;
            Some((Ok::<_, std::io::Error>(Bytes::from("row\n")), n + 1))
        });
        let mut res = Response::new(Body::from_stream(chunks));
        if streaming {
            res.extensions_mut().insert(Streaming);
        }
        res
    }

    /// The guard around handlers that misbehave on purpose; only this test module builds them.
    fn app(limit: Duration) -> Router {
        Router::new()
            .route("/ok", get(|| async { "fine" }))
            .route(
                "/panic",
                get(|| async {
                    let page: u64 = u64::MAX;
                    i64::try_from(page).expect("offset fits an i64").to_string()
                }),
            )
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    "never"
                }),
            )
            .route("/stalls", get(|| async { Body::new(Stalls(false)) }))
            .route("/trickles", get(|| async { trickle(false) }))
            .route("/exports", get(|| async { trickle(true) }))
            .layer(axum::middleware::from_fn_with_state(
                Limits { time_limit: limit },
                guard,
            ))
    }

    async fn call(path: &str, limit: Duration) -> (Response, Result<Bytes, axum::BoxError>) {
        let req = Request::get(path).body(Body::empty()).unwrap();
        let res = app(limit).oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = body
            .collect()
            .await
            .map(|c| c.to_bytes())
            .map_err(Into::into);
        (Response::from_parts(parts, Body::empty()), bytes)
    }

    #[tokio::test]
    async fn answers_with_a_request_id() {
        let (res, body) = call("/ok", DEFAULT_TIME_LIMIT).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(body.unwrap(), "fine");
        assert_eq!(res.headers()[REQUEST_ID].len(), 16);
    }

    #[tokio::test]
    async fn a_panic_answers_500_with_its_request_id() {
        let (res, body) = call("/panic", DEFAULT_TIME_LIMIT).await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(res.headers().contains_key(REQUEST_ID));
        assert!(String::from_utf8_lossy(&body.unwrap()).contains("has been logged"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_answer_is_503() {
        let (res, body) = call("/slow", Duration::from_secs(30)).await;
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()[header::RETRY_AFTER], "10");
        assert!(String::from_utf8_lossy(&body.unwrap()).contains("too long"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_body_is_cut_off() {
        let (res, body) = call("/stalls", Duration::from_secs(30)).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(body.unwrap_err().to_string().contains("time limit"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_streaming_body_has_the_limit_between_chunks() {
        let (_, body) = call("/exports", Duration::from_secs(30)).await;
        assert_eq!(body.unwrap(), "row\n".repeat(5));
        let (_, body) = call("/trickles", Duration::from_secs(30)).await;
        assert!(body.unwrap_err().to_string().contains("time limit"));
    }

    #[test]
    fn reads_the_time_limit() {
        assert_eq!(parse_time_limit(None), Ok(DEFAULT_TIME_LIMIT));
        assert_eq!(
            parse_time_limit(Some("1500")),
            Ok(Duration::from_millis(1500))
        );
        assert!(parse_time_limit(Some("0")).is_err());
        assert!(parse_time_limit(Some("abc")).unwrap_err().contains(ENV));
    }
}
