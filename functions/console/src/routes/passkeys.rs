//! Registering passkeys on one's own account.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::session::SignedIn;
use crate::state::ConsoleState;

/// `GET /staff/passkeys`.
pub async fn page(State(_state): State<ConsoleState>, _signed_in: SignedIn) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `POST /staff/passkeys/begin`.
pub async fn begin(State(_state): State<ConsoleState>, _signed_in: SignedIn) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `POST /staff/passkeys/finish`.
pub async fn finish(State(_state): State<ConsoleState>, _signed_in: SignedIn) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
