//! Steps of the procedure posted from the case page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use crate::session::SignedIn;
use crate::state::ConsoleState;

/// `POST /staff/cases/{code}/steps/{step}`.
pub async fn take(
    State(_state): State<ConsoleState>,
    _signed_in: SignedIn,
    Path((_code, _step)): Path<(String, String)>,
) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
