//! The case page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use crate::session::SignedIn;
use crate::state::ConsoleState;

/// `GET /staff/cases/{code}`.
pub async fn page(
    State(_state): State<ConsoleState>,
    _signed_in: SignedIn,
    Path(_code): Path<String>,
) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
