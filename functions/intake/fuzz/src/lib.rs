//! What the fuzz targets share: a request body read by the intake's own body reader, as the server reads it,
//! and the report parsed from it.

use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::Request;
use chrono::{FixedOffset, TimeZone, Utc};
use csirt_domain::report::{ParseContext, Report};
use csirt_intake::routes::body;

/// The boundary of the multipart target's bodies.
pub const BOUNDARY: &str = "fuzzboundary";

/// A runtime for the body reader, made once.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime")
    })
}

/// Reads `data` as a `POST /api/reports` body of `content_type` and parses the report in it, as the intake
/// does. Any outcome is fine but a panic.
pub fn submit(content_type: &str, data: &[u8]) {
    let Ok(request) = Request::post("/api/reports")
        .header("content-type", content_type)
        .body(Body::from(data.to_vec()))
    else {
        return;
    };
    let Ok(submission) = runtime().block_on(body::read(request)) else {
        return;
    };
    let _ = submission.fingerprint();
    let context = ParseContext {
        received_at: Utc
            .with_ymd_and_hms(2026, 5, 1, 9, 0, 0)
            .single()
            .unwrap_or_else(Utc::now),
        local_offset: FixedOffset::east_opt(7 * 3600).expect("UTC+7 is an offset"),
    };
    let _ = Report::parse(&submission.input, &context);
}
