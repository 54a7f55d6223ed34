//! Documents issued on a case.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use crate::session::SignedIn;
use crate::state::ConsoleState;

/// `POST /staff/cases/{code}/documents`.
pub async fn issue(
    State(_state): State<ConsoleState>,
    _signed_in: SignedIn,
    Path(_code): Path<String>,
) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `GET /staff/cases/{code}/documents/{number}`.
pub async fn show(
    State(_state): State<ConsoleState>,
    _signed_in: SignedIn,
    Path((_code, _number)): Path<(String, String)>,
) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
