//! The routes of the intake API, as the OpenAPI document (`openapi.json`) describes them.

pub mod body;
mod status;
mod submit;
mod thread;
mod verification;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};

pub use body::{HONEYPOT_FIELD, MAX_FILE, MAX_FILES, MAX_MULTIPART_BODY, MAX_TEXT_BODY};
pub use thread::FILE_CSP;

use crate::guard;
use crate::logging::log_request;
use crate::state::AppState;

/// Submitting a report.
pub const REPORTS: &str = "/api/reports";
/// A report's status.
pub const REPORT_STATUS: &str = "/api/reports/{code}";
/// The reporter's replies on a report's thread.
pub const REPORT_MESSAGES: &str = "/api/reports/{code}/messages";
/// A file the team sent the reporter.
pub const REPORT_FILE: &str = "/api/reports/{code}/files/{sha256}";
/// The status form's target for browsers without JavaScript: redirects to the report's status.
pub const STATUS_LOOKUP: &str = "/api/status";
/// The public verification of an issued document by its verification code (the site's `/verifikasi/` form).
pub const VERIFICATION: &str = "/api/verifikasi";
/// The OpenAPI document.
pub const OPENAPI: &str = "/api/openapi.json";

/// Every route: method and path template.
pub const ROUTES: [(&str, &str); 7] = [
    ("POST", REPORTS),
    ("GET", REPORT_STATUS),
    ("POST", REPORT_MESSAGES),
    ("GET", REPORT_FILE),
    ("GET", STATUS_LOOKUP),
    ("GET", VERIFICATION),
    ("GET", OPENAPI),
];

/// The OpenAPI 3 document of the API.
pub const OPENAPI_DOCUMENT: &str = include_str!("../../openapi.json");

/// The application: every route, with request logging that records no personal data.
pub fn router(state: AppState) -> Router {
    let guarded = state.clone();
    Router::new()
        .route(
            REPORTS,
            post(submit::submit).layer(DefaultBodyLimit::max(MAX_MULTIPART_BODY)),
        )
        .route(REPORT_STATUS, get(status::status))
        .route(
            REPORT_MESSAGES,
            post(thread::post).layer(DefaultBodyLimit::max(MAX_MULTIPART_BODY)),
        )
        .route(REPORT_FILE, get(thread::file))
        .route(STATUS_LOOKUP, get(status::lookup))
        .route(VERIFICATION, get(verification::verify))
        .route(
            OPENAPI,
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    OPENAPI_DOCUMENT,
                )
            }),
        )
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                axum::Json(serde_json::json!({ "error": "not found" })),
            )
                .into_response()
        })
        .layer(middleware::from_fn_with_state(
            guarded.clone(),
            guard::refuse_cross_site,
        ))
        .layer(middleware::from_fn_with_state(
            guarded,
            guard::require_origin_secret,
        ))
        .layer(middleware::from_fn(guard::security_headers))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}
