//! Export closed cases and republish the site.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::session::SignedIn;
use crate::state::ConsoleState;

/// `GET /staff/publish`.
pub async fn page(State(_state): State<ConsoleState>, _signed_in: SignedIn) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `POST /staff/publish`.
pub async fn run(State(_state): State<ConsoleState>, _signed_in: SignedIn) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
