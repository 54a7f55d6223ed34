//! Evidence files, downloaded as attachments.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use crate::session::SignedIn;
use crate::state::ConsoleState;

/// `GET /staff/cases/{code}/evidence/{sha256}`.
pub async fn download(
    State(_state): State<ConsoleState>,
    _signed_in: SignedIn,
    Path((_code, _sha)): Path<(String, String)>,
) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `GET /staff/cases/{code}/evidence/{sha256}/preview`.
pub async fn preview(
    State(_state): State<ConsoleState>,
    _signed_in: SignedIn,
    Path((_code, _sha)): Path<(String, String)>,
) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
