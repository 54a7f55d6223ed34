//! Signing in through the team's OpenID Connect provider.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::state::ConsoleState;

/// `GET /staff/sso`.
pub async fn begin(State(_state): State<ConsoleState>) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `GET /staff/sso/callback`.
pub async fn finish(State(_state): State<ConsoleState>) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
