//! `GET /staff/clients/export`: the clients matching a dashboard URL's filters, in its sort,
//! as a CSV or JSON-lines download streamed chunk by chunk from the database (see
//! `domain::services::client_export`). The access layer has already checked the
//! permission; bad parameters are a 400 with the reason, before anything is written.

use crate::resilience::Streaming;
use app::server::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use domain::auth::Principal;
use domain::services::client_export::{self, ClientExport};
use futures::StreamExt;
use model::client_export::ExportRequest;
use model::AppError;

pub async fn clients(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let request =
        match ExportRequest::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
            Ok(r) => r,
            Err(e) => return refused(&e),
        };
    let db = state.db.clone();
    let export = match ClientExport::begin(&db, &principal.actor(), &request).await {
        Ok(x) => x,
        Err(e) => return refused(&e),
    };
    let (format, columns) = (request.format, request.columns);
    let head = client_export::header(format, &columns);
    // One chunk of rows per item; the header goes out with the first.
    let body = futures::stream::unfold((export, db, Some(head)), move |(mut export, db, head)| {
        let columns = columns.clone();
        async move {
            let head = head?;
            match export.next_chunk(&db).await {
                Ok(Some(rows)) => {
                    let mut out = head;
                    for row in &rows {
                        client_export::write_row(format, &columns, row, &mut out);
                    }
                    Some((Ok(Bytes::from(out)), (export, db, Some(String::new()))))
                }
                // The end; an export of nothing is still a file with its header row.
                Ok(None) if !head.is_empty() => Some((Ok(Bytes::from(head)), (export, db, None))),
                Ok(None) => None,
                Err(e) => {
                    // The status line is gone: the download is cut off, and so reads as
                    // failed in the browser rather than as a short file.
                    tracing::error!(error = %e, "export stopped");
                    Some((
                        Err(std::io::Error::other(e.to_string())),
                        (export, db, None),
                    ))
                }
            }
        }
    });
    // Fused: the compression layer polls once more after the end.
    let mut res = Body::from_stream(body.fuse()).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    let name = client_export::file_name(format, chrono::Utc::now());
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.extensions_mut().insert(Streaming);
    res
}

fn refused(e: &AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, e.to_string()).into_response()
}
